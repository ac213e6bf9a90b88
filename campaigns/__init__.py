"""Campaigns: the ward's outreach and welfare work, as officers record it after the event.

- **Outreach**: yearly plans with their targets; outreach sessions (format, topics,
  neighbourhoods, partner organisations, attendances as person-visits, leaflets, the officer in
  charge, photos); "ANTT loudspeaker" broadcasts (one entry may stand for several airings,
  counted apart from sessions); the yearly National Security Festival Day and the forum
  "Commune police listen to the people's opinions", with the residents' feedback items (who
  answers, the answer, open / answered / forwarded, a deadline).
- **Welfare** (vận động xã hội hóa): donations received, gift distributions, charity houses and
  contributions to funds, in whole VND.

Rules (every adapter — admin, API, demo — comes through `campaigns.services`):

- the day something happened is neither in the future nor before 1900; counts and money are
  whole numbers and never negative; a gift distribution has at least one package; a feedback
  item's deadline is not before its forum, a festival's end not before its start;
- **no ledger**: the ward police *mobilise* donors, they do not keep a till. A donation records
  what a donor gave (cash, or goods at an estimated value), a distribution what was handed out
  (bought with mobilised money or given in kind by other bodies, often both). Distributions are
  therefore not checked against a balance of donations: the two are reported side by side
  (`welfare.donations_vnd` and `welfare.gift_value_vnd`), as the seed report does;
- every change is written to the audit log in the same transaction.

Formats, topics, partner organisations, funds and beneficiary groups are data
(`campaigns.catalogue`), extended by administrators.
"""
