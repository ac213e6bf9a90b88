"""Grassroots mediation (hòa giải ở cơ sở, Law 35/2013/QH13). The rules this app decided:

- **Teams and mediators** belong to neighbourhoods of the ward. The core forces stay the roster
  of record: a team may point at the core-forces unit of kind "mediation" that holds it, and a
  mediator at the core-forces member they are (`force_member`); mediation never changes them.
- **A team is dissolved** (`dissolve_team`, the commander's) on a day after it was founded, only
  once none of its disputes is open — the refusal names them, so the officer records their
  outcome or assigns them to another team first —, none was received on or after that day
  and none closed after it; its mediators still serving stop serving that day. A dissolved
  team takes no new dispute, mediator or assignment.
- **A tip referred to mediation** (the tips app's one-click step) becomes a dispute in the same
  transaction, through the tips app's `tip_referred_to_mediation` signal: received that day, of
  kind "other" until corrected, assigned to the neighbourhood's team when there is one.
- **Outcomes** close a dispute once, on a day not before its last session: successful (the
  written agreement, each party's duties, the deadline), unsuccessful (where the parties were
  guided), withdrawn, or outside the scope of mediation — then a tip is entered in the tips app
  and linked. A successful agreement is followed until kept or broken; beat reminds the duty
  officers a week before its deadline (`tasks`).
- **Figures** (`figures`): received on the day received, outcomes on the day closed.
- **The record book** (`record_book`): per team and year, the disputes received that year, in
  the ten columns of the Ministry of Justice's template, and the team leader's summary; XLSX
  and PDF with a cover (province, commune/ward — the district only for books opened before
  1 July 2025 —, neighbourhood, team, book number, opened and closed on).
- **Personal data** of the parties (year of birth, address, phone) only with
  `mediation.view_party_identity`; each read is audited, and so is each book exported (admin
  or API, both through `services.export_record_book`).
"""
