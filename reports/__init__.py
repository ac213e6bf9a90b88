"""Reports: a ward's or a province's figures for a period, composed from every app's figures
provider (`wardsec.figures`), told in Vietnamese (or English) prose and rendered to JSON, XLSX,
DOCX and PDF by Celery.

Rules kept here:

- The app counts nothing itself: the figures are `wardsec.figures.report(...)` over the
  scope's wards; a province report fans out one task per ward and sums the ward figures
  (`reports.compose.merge`).
- A build is claimed with one conditional UPDATE (queued → building), writes its files, then
  marks the report done; a second run of a done report does nothing, a rebuild replaces the
  files (one file per format, never two).
- A build that dies (worker killed) is found by the stale-build sweeper and queued again;
  a build that fails for good is `failed` with its error shown, and may be requested again.
"""
