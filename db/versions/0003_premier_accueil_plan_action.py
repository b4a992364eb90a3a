"""Reception date of a young person's file; annual action-plan objectives of the employer
partnerships.

- jeune.date_premier_accueil: the day of the first reception, on which the 16-25 rule is
  measured (domain §2). Existing files get the earliest day the store knows they were
  followed: the file's creation, its first affectation in cotraitance, its first journal event.
- orientation_fastt.agence_libre: an agency typed in the FASTT wizard that is not among the
  agences d'emploi, kept and printed on the referral sheet.

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


def downgrade() -> None:
    with op.batch_alter_table('orientation_fastt', schema=None) as batch_op:
        batch_op.drop_column('agence_libre')
    with op.batch_alter_table('jeune', schema=None) as batch_op:
        batch_op.drop_column('date_premier_accueil')
