import subprocess
import sys


def test_allocation_package_imports_no_qt():
    code = ("import sys, antasena_desktop.allocation, antasena_desktop.commands.allocation; "
            "bad = [m for m in sys.modules if m.startswith(('PySide', 'shiboken', 'ortools'))]; "
            "print(bad); sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
