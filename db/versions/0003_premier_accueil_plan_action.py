"""Reception date of a young person's file; annual action-plan objectives of the employer
partnerships.

- jeune.date_premier_accueil: the day of the first reception, on which the 16-25 rule is
  measured (domain §2). Existing files get the earliest day the store knows they were
  followed: the file's creation, its first affectation in cotraitance, its first journal event.
- orientation_fastt.agence_libre: an agency typed in the FASTT wizard that is not among the
  agences d'emploi, kept and printed on the referral sheet.
- objectif_partenariat: the operational and result objectives of a network's annual action plan
  (convention 000_…), shown beside the figures in the employer-partnership report.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# SQLite's scalar MIN() is NULL when one argument is: each candidate falls back to the creation day.
BACKFILL = """
UPDATE jeune SET date_premier_accueil = MIN(
    date(created_at),
    COALESCE((SELECT MIN(c.date_affectation) FROM cotraitance c WHERE c.jeune_id = jeune.id),
             date(created_at)),
    COALESCE((SELECT MIN(e.date) FROM evenement e WHERE e.jeune_id = jeune.id), date(created_at)))
WHERE date_premier_accueil IS NULL
"""


def upgrade() -> None:
    with op.batch_alter_table('jeune', schema=None) as batch_op:
        batch_op.add_column(sa.Column('date_premier_accueil', sa.Date(), nullable=True))
    op.execute(BACKFILL)
    with op.batch_alter_table('orientation_fastt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agence_libre', sa.String(length=200), nullable=True))
    op.create_table('objectif_partenariat',
    sa.Column('annee', sa.Integer(), nullable=False),
    sa.Column('reseau', sa.String(length=20), nullable=False),
    sa.Column('nature', sa.String(length=20), nullable=False),
    sa.Column('libelle', sa.String(length=200), nullable=False),
    sa.Column('indicateur', sa.String(length=30), nullable=False),
    sa.Column('cible', sa.Integer(), nullable=False),
    sa.Column('realise', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objectif_partenariat'))
    )
    with op.batch_alter_table('objectif_partenariat', schema=None) as batch_op:
        batch_op.create_index('ix_objectif_partenariat_annee', ['annee', 'reseau'], unique=False)


def downgrade() -> None:
    op.drop_table('objectif_partenariat')
    with op.batch_alter_table('orientation_fastt', schema=None) as batch_op:
        batch_op.drop_column('agence_libre')
    with op.batch_alter_table('jeune', schema=None) as batch_op:
        batch_op.drop_column('date_premier_accueil')
