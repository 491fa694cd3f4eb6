"""reference catalogues: Polri ranks, PNS grades and functions

Revision ID: 0002
Revises: 0001

Frozen: the rows are written out here (as they were when this revision was made), so the migration
never changes when `domain/ranks.py` or `domain/catalog.py` change later.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

rank = sa.table("rank", sa.column("code"), sa.column("name"), sa.column("group"), sa.column("level"),
                sa.column("seniority"), sa.column("is_pns"))
function = sa.table("function", sa.column("code"), sa.column("name_id"), sa.column("name_en"), sa.column("active"))

RANKS = [  # (code, name, group, level, seniority, is_pns)
    ('BHARADA', 'Bhayangkara Dua', 'Tamtama', 1, 10, False),
    ('BHARATU', 'Bhayangkara Satu', 'Tamtama', 2, 20, False),
    ('BHARAKA', 'Bhayangkara Kepala', 'Tamtama', 3, 30, False),
    ('ABRIPDA', 'Ajun Brigadir Polisi Dua', 'Tamtama', 4, 40, False),
    ('ABRIPTU', 'Ajun Brigadir Polisi Satu', 'Tamtama', 5, 50, False),
    ('ABRIP', 'Ajun Brigadir Polisi', 'Tamtama', 6, 60, False),
    ('BRIPDA', 'Brigadir Polisi Dua', 'Bintara', 7, 70, False),
    ('BRIPTU', 'Brigadir Polisi Satu', 'Bintara', 8, 80, False),
    ('BRIGPOL', 'Brigadir Polisi', 'Bintara', 9, 90, False),
    ('BRIPKA', 'Brigadir Polisi Kepala', 'Bintara', 10, 100, False),
    ('AIPDA', 'Ajun Inspektur Polisi Dua', 'Bintara', 11, 110, False),
    ('AIPTU', 'Ajun Inspektur Polisi Satu', 'Bintara', 12, 120, False),
    ('IPDA', 'Inspektur Polisi Dua', 'Pama', 13, 130, False),
    ('IPTU', 'Inspektur Polisi Satu', 'Pama', 14, 140, False),
    ('AKP', 'Ajun Komisaris Polisi', 'Pama', 15, 150, False),
    ('KOMPOL', 'Komisaris Polisi', 'Pamen', 16, 160, False),
    ('AKBP', 'Ajun Komisaris Besar Polisi', 'Pamen', 17, 170, False),
    ('KOMBES POL', 'Komisaris Besar Polisi', 'Pamen', 18, 180, False),
    ('BRIGJEN POL', 'Brigadir Jenderal Polisi', 'Pati', 19, 190, False),
    ('IRJEN POL', 'Inspektur Jenderal Polisi', 'Pati', 20, 200, False),
    ('KOMJEN POL', 'Komisaris Jenderal Polisi', 'Pati', 21, 210, False),
    ('JENDERAL POL', 'Jenderal Polisi', 'Pati', 22, 220, False),
    ('JURU MUDA', 'Juru Muda (I/a)', 'PNS', 1, 2, True),
    ('JURU MUDA TK I', 'Juru Muda Tingkat I (I/b)', 'PNS', 2, 12, True),
    ('JURU', 'Juru (I/c)', 'PNS', 3, 22, True),
    ('JURU TK I', 'Juru Tingkat I (I/d)', 'PNS', 4, 32, True),
    ('PENGATUR MUDA', 'Pengatur Muda (II/a)', 'PNS', 7, 62, True),
    ('PENGATUR MUDA TK I', 'Pengatur Muda Tingkat I (II/b)', 'PNS', 8, 72, True),
    ('PENGATUR', 'Pengatur (II/c)', 'PNS', 9, 82, True),
    ('PENGATUR TK I', 'Pengatur Tingkat I (II/d)', 'PNS', 10, 92, True),
    ('PENATA MUDA', 'Penata Muda (III/a)', 'PNS', 13, 122, True),
    ('PENATA MUDA TK I', 'Penata Muda Tingkat I (III/b)', 'PNS', 13, 123, True),
    ('PENATA', 'Penata (III/c)', 'PNS', 14, 132, True),
    ('PENATA TK I', 'Penata Tingkat I (III/d)', 'PNS', 15, 142, True),
    ('PEMBINA', 'Pembina (IV/a)', 'PNS', 16, 152, True),
    ('PEMBINA TK I', 'Pembina Tingkat I (IV/b)', 'PNS', 16, 153, True),
    ('PEMBINA UTAMA MUDA', 'Pembina Utama Muda (IV/c)', 'PNS', 17, 162, True),
    ('PEMBINA UTAMA MADYA', 'Pembina Utama Madya (IV/d)', 'PNS', 17, 163, True),
    ('PEMBINA UTAMA', 'Pembina Utama (IV/e)', 'PNS', 18, 172, True),
]

FUNCTIONS = [  # (code, name_id, name_en)
    ('samapta', 'Samapta (Sabhara)', 'Samapta (patrol/guard)'),
    ('dalmas', 'Pengendalian Massa (Dalmas)', 'Crowd control (Dalmas)'),
    ('lantas', 'Lalu Lintas', 'Traffic'),
    ('intelkam', 'Intelijen Keamanan', 'Security intelligence'),
    ('reskrim', 'Reserse Kriminal', 'Criminal investigation'),
    ('binmas', 'Pembinaan Masyarakat', 'Community guidance'),
    ('polair', 'Polisi Perairan', 'Water police'),
    ('negosiator', 'Negosiator', 'Negotiator'),
    ('polwan', 'Polwan', 'Policewoman detail'),
    ('pengawalan', 'Pengawalan (Walpri/Patwal)', 'Escort'),
    ('provos', 'Provos / Propam', 'Provost'),
    ('dokkes', 'Kesehatan (Dokkes)', 'Medical'),
    ('staf', 'Staf / Administrasi', 'Staff / administration'),
]


def upgrade() -> None:
    op.bulk_insert(rank, [{"code": code, "name": name, "group": group, "level": level, "seniority": seniority,
                           "is_pns": is_pns} for code, name, group, level, seniority, is_pns in RANKS])
    op.bulk_insert(function, [{"code": code, "name_id": name_id, "name_en": name_en, "active": True}
                              for code, name_id, name_en in FUNCTIONS])


def downgrade() -> None:
    op.execute(function.delete())
    op.execute(rank.delete())
