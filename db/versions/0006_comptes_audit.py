"""Named accounts (identifiant, Argon2id hash, lock-out, end of authorisation), the sites of each
account, and the hash-chained audit trail.

Users of an older store get no identifiant and no password: they have no access until an
administrator sets them (the first start asks to create an administrator).

Revision ID: 0006
Revises: 0002
Create Date: 2026-12-02 10:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild: other tables reference utilisateur).
    op.add_column('utilisateur', sa.Column('identifiant', sa.String(length=60), nullable=True))
    op.add_column('utilisateur', sa.Column('mot_de_passe', sa.String(length=200), nullable=True))
    op.add_column('utilisateur', sa.Column('changer_mot_de_passe', sa.Boolean(), nullable=False,
                                           server_default=sa.false()))
    op.add_column('utilisateur', sa.Column('echecs', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('utilisateur', sa.Column('verrouillages', sa.Integer(), nullable=False,
                                           server_default='0'))
    op.add_column('utilisateur', sa.Column('verrouille_jusqu_au', sa.DateTime(), nullable=True))
    op.add_column('utilisateur', sa.Column('fin_autorisation', sa.Date(), nullable=True))
    op.create_index('ix_utilisateur_identifiant', 'utilisateur', ['identifiant'], unique=True)
    op.create_table(
        'utilisateur_site',
        sa.Column('utilisateur_id', sa.Uuid(), nullable=False),
        sa.Column('site_id', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['site.id'], name='fk_utilisateur_site_site_id_site'),
        sa.ForeignKeyConstraint(['utilisateur_id'], ['utilisateur.id'], ondelete='CASCADE',
                                name='fk_utilisateur_site_utilisateur_id_utilisateur'),
        sa.PrimaryKeyConstraint('utilisateur_id', 'site_id', name='pk_utilisateur_site'))
    # Every user's own site is one of their sites.
    op.execute("INSERT INTO utilisateur_site (utilisateur_id, site_id) "
               "SELECT id, site_id FROM utilisateur WHERE site_id IS NOT NULL")
    op.create_table(
        'audit_evenement',
        sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False,
                  nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('horodatage', sa.DateTime(), nullable=False),
        sa.Column('utilisateur_id', sa.Uuid(), nullable=True),
        sa.Column('role', sa.String(length=20), nullable=True),
        sa.Column('site_id', sa.Uuid(), nullable=True),
        sa.Column('action', sa.String(length=60), nullable=False),
        sa.Column('objet', sa.String(length=60), nullable=True),
        sa.Column('objet_id', sa.String(length=40), nullable=True),
        sa.Column('jeune_id', sa.Uuid(), nullable=True),
        sa.Column('champs', sa.Text(), nullable=True),
        sa.Column('detail', sa.Text(), nullable=True),
        sa.Column('precedent', sa.String(length=64), nullable=False),
        sa.Column('empreinte', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('seq', name='pk_audit_evenement'),
        sa.UniqueConstraint('id', name='uq_audit_evenement_id'))
    for column in ('horodatage', 'utilisateur_id', 'action', 'objet_id', 'jeune_id'):
        op.create_index(f'ix_audit_evenement_{column}', 'audit_evenement', [column])


def downgrade() -> None:
    op.drop_table('audit_evenement')
    op.drop_table('utilisateur_site')
    op.drop_index('ix_utilisateur_identifiant', table_name='utilisateur')
    for column in ('fin_autorisation', 'verrouille_jusqu_au', 'verrouillages', 'echecs',
                   'changer_mot_de_passe', 'mot_de_passe', 'identifiant'):
        op.drop_column('utilisateur', column)
