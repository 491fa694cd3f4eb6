"""The WBS desk of the Inspektorat Daerah Kota Palembang: its own login, window and views.

Nothing here reads or writes the database itself: every read and write goes through the WBS
services (`antasena_desktop/wbs/`) via the operation helpers of `ui/wbs/base.py`.
"""
