"""The test library every domain app's tests inherit (issue 7, STYLE.md "Tests").

- `personas`: who the tests act as (the fixtures of tests/conftest.py, by role) and a user of a
  ward holding exactly the permissions a test names;
- `api`: `ScopedAPITestCase`, the security tests of one viewset, generated from the permission
  matrix the app declares;
- `admin`: `ScopedAdminTestCase`, the same for one ModelAdmin (changelist, change, add, workflow
  pages, exports, autocomplete);
- `queries`: query-count baselines that a list must meet with one row and with many.

tests/test_meta_security.py fails when a ward-owned model with an admin or a viewset has no test
class built on these bases, or when a route is missing from tests/endpoints.py.
"""
