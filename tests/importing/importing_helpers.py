"""Roster-building helpers shared by the importing tests."""
from __future__ import annotations

# A roster as Bag Ops receives it: two title rows, a blank row, header variants, real spellings.
TITLE = ["DAFTAR NOMINATIF PERSONEL POLRESTABES PALEMBANG", "KEADAAN BULAN NOVEMBER 2026"]
HEADER = ["NO", "NAMA", "PKT", "NRP/NIP", "JAB", "SATKER", "L/P", "Fungsi / Keahlian", "No. HP"]
GOOD_ROWS = [
    ["Dr. Ahmad Fauzi, S.H., S.I.K., M.H.", "KOMBES POL", "7105 0812", "KAPOLRESTABES", "Polrestabes", "L", "staf", "0811 7890 123"],
    ["BUDI  SANTOSO", "Bripka", "84.03.11.22", "BANIT TURJAWALI", "SAT SABHARA", "LK", "Samapta, Dalmas", "0812-3456-7890"],
    ["siti rahmawati, S.Kom", "BRIGADIR", 93051234, "BA SAT", "Sat Lantas", "Perempuan", "lantas; polwan", "+62 813 1111 2222"],
    ["RUDI HARTONO", "AIPTU", "79020345.0", "KANIT", "Polsek IB I", "Laki-laki", "", 81299998888],
    ["Dewi Lestari, S.E.", "Penata", "198703152010122001", "PAUR", "POLRESTABES", "P", "Staf / Administrasi", ""],
    ["HENDRA GUNAWAN", "KBP", "68120101", "WAKAPOLRESTABES", "polrestabes", "Pria", "", ""],
    ["ANDI SAPUTRA", "BRIPKA.", "88110456", "BA", "Polsek IB II", "M", "samapta", ""],
    ["YULIA KARTIKA", "Briptu", "97060789", "BA", "SAT SAMAPTA", "Wanita", "Polwan, Negosiator", ""],
    ["AGUS SALIM", "AKP", "80010101", "KAPOLSEK", "POLSEK KEMUNING", "L", "", ""],
    ["M. RIZKY PRATAMA", "Bripda", "0001 0202", "BA", "Sat Intelkam", "L", "intelkam", ""],
]
# Deliberately bad rows: (values, expected column header of the first error)
BAD_ROWS = [
    (["TANPA PANGKAT", "SERSAN", "85010101", "BA", "Sat Lantas", "L", "", ""], "PKT"),
    (["NRP PENDEK", "BRIPTU", "8501010", "BA", "Sat Lantas", "L", "", ""], "NRP/NIP"),
    (["SATUAN ASING", "BRIPTU", "85010102", "BA", "Polsek Antah", "L", "", ""], "SATKER"),
    (["KELAMIN ANEH", "BRIPTU", "85010103", "BA", "Sat Lantas", "X", "", ""], "L/P"),
    (["", "BRIPTU", "85010104", "BA", "Sat Lantas", "L", "", ""], "NAMA"),
    (["PNS NIP SALAH", "PENATA", "85010105", "PAUR", "Polrestabes", "P", "", ""], "NRP/NIP"),
    (["HP HURUF", "BRIPTU", "85010106", "BA", "Sat Lantas", "L", "", "0812-ABC"], "No. HP"),
    (["FUNGSI ASING", "BRIPTU", "85010107", "BA", "Sat Lantas", "L", "sulap", ""], "Fungsi / Keahlian"),
    (["BUDI SANTOSO KEMBAR", "BRIPKA", "84031122", "BA", "Sat Lantas", "L", "", ""], "NRP/NIP"),   # in-file duplicate
]


def write_roster(path, rows, *, title=True, sheet_name="Personel", extra_sheets=()):
    """Write an .xlsx roster: title rows, a blank row, the header on row 4, then numbered rows."""
    from openpyxl import Workbook
    workbook = Workbook()
    for name in extra_sheets:
        other = workbook.create_sheet(name)
        other.append(["REKAP", "JUMLAH"])
        other.append(["Polri", 10])
    sheet = workbook.active
    sheet.title = sheet_name
    if title:
        for line in TITLE:
            sheet.append([line])
        sheet.append([])
    sheet.append(HEADER)
    for i, row in enumerate(rows, start=1):
        sheet.append([i, *row])
    workbook.save(path)
    return path


def data_row_number(index: int, title: bool = True) -> int:
    """The Excel row of the index-th (0-based) data row written by `write_roster`."""
    return index + (5 if title else 2)
