"""The ward's crime-prevention models (mô hình phòng, chống tội phạm). The rules this app
decided:

- **Kinds are data** (`ModelKind`, shipped by migration 0002): each names the indicator set it
  is measured by (`choices.Measure`, the figures contract's names); a new kind of model is a row.
- **Indicators are counted, never typed**: from the assets in service on the day asked
  (`figures`). An asset is removed, never deleted; periods are half-open (`querysets`). All the
  kinds of asset are one table (`Asset`, with the columns of each kind and a check constraint per
  kind) so that a fault, a map point and a list of open faults have one thing to point at.
- **Faults** (`Fault`): reported by an officer or from a citizen's tip (linked by foreign key:
  `models_registry` may import `tips`), assigned, fixed; an asset is out of order on the days a
  fault is open, which makes "as of a date" answerable; one open fault per asset.
- **Evidence of effect** (`evidence`): tips and clarified cases in the covered neighbourhoods
  and in the ward's other ones, the year before the start and each year since.
- **Patrol teams** are core-forces units (`Asset.force_unit`): their members are counted from
  the unit's memberships on the day, not copied.
- **People under community supervision** are a restricted record: `view_supervision` besides
  the view permission, every read (list, page, API) audited, personal fields declared sensitive
  (never exported or logged for someone who may not read them); only the commander holds it.
"""
