"""The `antasena` command line, the outermost adapter of the core: argparse and command bodies.

Each module here has `register(subparsers, common)`. A new area adds its module to COMMAND_MODULES
(e.g. "antasena_desktop.commands.wbs"). Commands that need Qt are registered from `ui/commands.py`,
which the console-script entry passes in (`antasena_desktop.cli.main(argv, extra_modules=…)`); the
core never names `ui`.
"""

COMMAND_MODULES = [
    "antasena_desktop.commands.core",
    "antasena_desktop.commands.allocation",
    "antasena_desktop.commands.importing",
    "antasena_desktop.commands.export",
    "antasena_desktop.commands.geo",
    "antasena_desktop.commands.planning",
    "antasena_desktop.commands.audit",
    "antasena_desktop.commands.server",
    "antasena_desktop.commands.desk",
    "antasena_desktop.commands.wbs",
    "antasena_desktop.commands.portal",
]
