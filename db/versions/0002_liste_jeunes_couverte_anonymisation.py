"""Jeunes list search on covering indexes; date of anonymisation of a file.

- ix_jeune_liste_prenom / _commune / _identifiant replace the single-column prenom_fold and
  commune_fold indexes: a search by prefix reads an index holding the list order and the id,
  never the table (benchmarks/bench_jeunes_list.py).
- jeune.anonymise_le: set by the anonymisation of files past their keeping time.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 02:55:50.177974
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('jeune', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymise_le', sa.Date(), nullable=True))
    # IF [NOT] EXISTS: stores made by development builds of 0001 differ in their indexes.
    for name in ('ix_jeune_commune_fold', 'ix_jeune_prenom_fold', 'ix_jeune_nom_fold'):
        op.execute(f'DROP INDEX IF EXISTS {name}')
    for name, columns in (
            ('ix_jeune_liste', 'nom_fold, prenom_fold, archive, id'),
            ('ix_jeune_liste_commune', 'commune_fold, nom_fold, prenom_fold, archive, id'),
            ('ix_jeune_liste_identifiant', 'identifiant_ft, nom_fold, prenom_fold, archive, id'),
            ('ix_jeune_liste_prenom', 'prenom_fold, nom_fold, archive, id')):
        op.execute(f'CREATE INDEX IF NOT EXISTS {name} ON jeune ({columns})')


def downgrade() -> None:
    with op.batch_alter_table('jeune', schema=None) as batch_op:
        batch_op.drop_index('ix_jeune_liste_prenom')
        batch_op.drop_index('ix_jeune_liste_identifiant')
        batch_op.drop_index('ix_jeune_liste_commune')
        batch_op.create_index(batch_op.f('ix_jeune_prenom_fold'), ['prenom_fold'], unique=False)
        batch_op.create_index(batch_op.f('ix_jeune_commune_fold'), ['commune_fold'], unique=False)
        batch_op.drop_column('anonymise_le')

