"""Jeunes list: one index per sort and filter, in list order.

Each ``ix_jeune_tri_*`` index is a sort or filter column followed by the list order
(nom_fold, prenom_fold, archive, id): a filter (site, référent, phase, état…) or a sort (birth
date, fin prévue, phone…) reads its index in order instead of sorting the table
(tests/test_jeunes_list_plans.py, benchmarks/bench_jeunes_list.py). They replace the
single-column indexes of referent_id, site_id, cotra_phase and date_fin_prevue.
ix_programme_jeune: a young person's programmes by index (list rows, streamed exports).

Revision ID: 0005
Revises: 0003
"""
from alembic import op


revision = '0005'
down_revision = '0003'
branch_labels = None
depends_on = None

LIST_ORDER = ('nom_fold', 'prenom_fold', 'archive', 'id')
TRI_INDEXES = {
    'ix_jeune_tri_naissance': 'date_naissance', 'ix_jeune_tri_code_postal': 'code_postal',
    'ix_jeune_tri_telephone': 'telephone', 'ix_jeune_tri_email': 'email',
    'ix_jeune_tri_referent': 'referent_id', 'ix_jeune_tri_site': 'site_id',
    'ix_jeune_tri_phase': 'cotra_phase', 'ix_jeune_tri_etat': 'cotra_etat',
    'ix_jeune_tri_fin': 'date_fin_prevue', 'ix_jeune_tri_archive': 'archive',
}
REPLACED = {'ix_jeune_referent_id': 'referent_id', 'ix_jeune_site_id': 'site_id',
            'ix_jeune_cotra_phase': 'cotra_phase', 'ix_jeune_date_fin_prevue': 'date_fin_prevue'}


def upgrade() -> None:
    for name, column in TRI_INDEXES.items():
        columns = ', '.join((column, *(c for c in LIST_ORDER if c != column)))
        op.execute(f'CREATE INDEX IF NOT EXISTS {name} ON jeune ({columns})')
    for name in REPLACED:
        op.execute(f'DROP INDEX IF EXISTS {name}')
    op.execute('CREATE INDEX IF NOT EXISTS ix_programme_jeune ON programme (jeune_id, code)')
    op.execute('ANALYZE jeune')
    op.execute('ANALYZE programme')


def downgrade() -> None:
    op.execute('DROP INDEX IF EXISTS ix_programme_jeune')
    for name, column in REPLACED.items():
        op.execute(f'CREATE INDEX IF NOT EXISTS {name} ON jeune ({column})')
    for name in TRI_INDEXES:
        op.execute(f'DROP INDEX IF EXISTS {name}')
