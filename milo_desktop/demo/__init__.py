"""Generated demo data (Faker fr_FR pools, one seeded ``random.Random``): see :mod:`.generator`.

Everything is invented: names, companies, notes. Reached through ``services.demo``.
"""
