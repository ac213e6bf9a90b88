"""The grassroots core forces (lực lượng nòng cốt) of a ward. The rules this app decided:

- **Both eras.** Kinds of unit are data (`UnitKind`) with the years each is in law; Law
  30/2023/QH15 (1 July 2024) is a row (`antt_protection`), not code. A street-protection team is
  dissolved that day and names the ANTT protection team it was reorganised into.
- **Periods are half-open** (`querysets`): a unit exists from `established_on` to the day before
  `dissolved_on`; a membership is held from `starts_on` to the day before `ends_on`; a person
  belongs to the force from `joined_on` to the day before `left_on`. History is never rewritten:
  moving or releasing ends a membership, moving starts the next.
- **"Trained"** (`querysets.trained_on`): on day D, at least one passed attendance on a course
  that ended by D and covers a topic marked `qualifies` (shipped: "chức năng, nhiệm vụ, quyền
  hạn", what the seed's "trained in their functions, duties and powers" counts), whose
  certificate has not expired by D (no expiry: valid). The same rule for every role.
- **Figures** (`figures`): as they stand on the period's last day; a person counted once per
  kind and once among all members; patrols done in the period (a flow, by year).
- **A patrol's incident that became a tip** is linked by the tip's public reference number
  (`Patrol.tip_reference`, TB-2021-000123): the officer enters the tip in the tips app and types
  its reference here. `core_forces` may not import `tips` (tests/test_layers.py) and a signal
  would need the tips app to know this one; the reference is what officers, exports and the audit
  log already name a tip by, and it opens nothing.
- **Allowances** (`allowances`): each membership held in the month is paid its role's monthly
  rate in force on the first day held that month (the unit kind's own rate first), pro rata to
  the days held, in whole VND; the sheet exports to XLSX.
- **Personal data** (date of birth, phone, address, national ID) only with
  `core_forces.view_member_identity`; each page or API read that shows it is audited (VIEW).
"""
