"""Mission Jeunes / FASTT: the young person's tab, the guided FASTT referral, agency, delegation and
branch-action dialogs, and the tabs of the Mission Jeunes page."""
