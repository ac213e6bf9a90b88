"""The endpoint inventory: every route of the project and the test that covers it, or why it is
public. tests/test_meta_security.py fails when a route is in neither this list nor covered by a
test class built on the test library (tests/platform), when an entry names no route any more,
or when the test it names does not exist.

Covered without an entry: the routes of a viewset whose test inherits `ScopedAPITestCase`
(`<basename>-list`, `-detail` and each declared action) and the pages of an admin whose test
inherits `ScopedAdminTestCase` (changelist, add, change, history, delete, export and each
declared workflow step). Everything else is listed here: keys are URL names (`namespace:name`)
or, for a route without a name, its pattern; a key may end in `*` for a family of routes.
Values are `(test, why)`: `test` is `tests/<path>.py::<Class or function>[::<method>]`, `why`
says what the route is when it is not a ward's data (an empty `why` for plain coverage).
"""

from __future__ import annotations

META = "tests/test_meta_security.py"
EVERY_ADMIN = f"{META}::test_every_registered_admin_refuses_anonymous_and_no_permission"
EVERY_API = f"{META}::test_every_api_route_refuses_anonymous_and_no_permission"
ADMIN_SITE = "tests/wardsec/test_admin_site.py"
OPEN311 = "tests/tips/test_open311.py"
PUBLIC_TIPS = "tests/tips/test_public.py"
SUPERUSER_ONLY = "superuser only (no role holds its permissions)"
REFERENCE = "reference data, not a ward's: every role reads it, the admin writes it"

ENDPOINTS: dict[str, tuple[str, str]] = {
    # --- Public pages ----------------------------------------------------------------------------
    "home": ("tests/wardsec/test_views.py::test_home_page_lists_wards_taking_tips", "public"),
    "healthz": ("tests/wardsec/test_views.py::test_health_answers_get_only", "public probe"),
    "healthz_ready": ("tests/wardsec/test_views.py::test_ready_without_a_broker", "public probe"),
    "favicon": ("tests/wardsec/test_views.py::test_favicon_points_at_the_static_icon", "public"),
    "set_language": ("tests/wardsec/test_views.py::test_vietnamese_unless_english_is_chosen", ""),
    "tips:submit": (f"{PUBLIC_TIPS}::TestForm", "public: a citizen reports a tip"),
    "report/": (f"{PUBLIC_TIPS}::TestForm", "public: English alias of tips:submit"),
    "tips:lookup": (f"{PUBLIC_TIPS}::TestLookup", "public: the tipster's code and PIN"),
    "track/": (f"{PUBLIC_TIPS}::TestLookup", "public: English alias of tips:lookup"),
    "tips:add_information": (f"{PUBLIC_TIPS}::TestLookup", "public: the tipster's code and PIN"),
    # --- Open311 (machine clients with a province's key) -----------------------------------------
    "open311:discovery": (f"{OPEN311}::TestDiscoveryAndServices", "public (GeoReport v2)"),
    "open311:services": (f"{OPEN311}::TestDiscoveryAndServices", "public (GeoReport v2)"),
    "open311:service": (f"{OPEN311}::TestDiscoveryAndServices", "public (GeoReport v2)"),
    "open311:requests": (f"{OPEN311}::TestFollow::test_clients_see_only_their_own_requests", ""),
    "open311:request": (f"{OPEN311}::TestFollow::test_reading_needs_a_key", ""),
    "open311:token": (f"{OPEN311}::TestTokens", ""),
    "open311/v2/^(?P<path>.*)$": (
        f"{OPEN311}::TestDiscoveryAndServices::test_unknown_format_method_and_path",
        "unrouted Open311 addresses answer in the spec's error format",
    ),
    # --- The API's own routes --------------------------------------------------------------------
    "api-root": (EVERY_API, "lists the routes, to signed-in users"),
    "api-not-found": (
        "tests/wardsec/test_api_platform.py::test_an_address_no_route_matches_answers_like_the_api",
        "unrouted /api/v1/ addresses answer JSON 404",
    ),
    "schema": ("tests/wardsec/test_api_docs.py::test_schema_is_served", "public documentation"),
    "api-docs": (
        "tests/wardsec/test_api_docs.py::test_docs_use_local_assets_and_no_inline_script",
        "public documentation",
    ),
    # --- API routes of data that belongs to no ward ----------------------------------------------
    "province-*": ("tests/wards/test_api.py::test_provinces_are_those_of_the_users_wards", ""),
    "offencecategory-*": ("tests/tips/test_api.py::TestCategories", REFERENCE),
    "unitkind-*": (EVERY_API, REFERENCE),
    "trainingtopic-*": (EVERY_API, REFERENCE),
    "modelkind-*": (EVERY_API, REFERENCE),
    "disputekind-*": (EVERY_API, REFERENCE),
    "outreachformat-*": (EVERY_API, REFERENCE),
    "outreachtopic-*": (EVERY_API, REFERENCE),
    "partner-*": (EVERY_API, REFERENCE),
    "fund-*": (EVERY_API, REFERENCE),
    "beneficiarygroup-*": (EVERY_API, REFERENCE),
    # --- Reports ---------------------------------------------------------------------------------
    "reports:download": ("tests/reports/test_api.py::TestDownloadPage", ""),
    "reports:list": ("tests/reports/test_pages.py::test_anonymous_and_without_permission", ""),
    "reports:request": ("tests/reports/test_pages.py::test_anonymous_and_without_permission", ""),
    "reports:detail": ("tests/reports/test_pages.py::test_anonymous_and_without_permission", ""),
    "reports:rebuild": ("tests/reports/test_pages.py::test_anonymous_and_without_permission", ""),
    "reports:compare": (
        "tests/reports/test_pages.py::test_another_provinces_leader_finds_nothing",
        "",
    ),
    "reports:overview": (
        "tests/reports/test_pages.py::test_the_overview_compares_the_year_so_far_with_the_same_days_last_year",
        "",
    ),
    "admin:reports_reportschedule_*": (EVERY_ADMIN, SUPERUSER_ONLY),
    # --- The admin site --------------------------------------------------------------------------
    "admin:index": (f"{ADMIN_SITE}::test_index_names_the_officers_ward_and_role", ""),
    "admin:login": (f"{ADMIN_SITE}::test_login_page_is_vietnamese", "public: signing in"),
    "admin:logout": (EVERY_ADMIN, "Django's own"),
    "admin:password_change": (EVERY_ADMIN, "Django's own: the signed-in user's password"),
    "admin:password_change_done": (EVERY_ADMIN, "Django's own"),
    "admin:jsi18n": (f"{ADMIN_SITE}::test_admin_javascript_catalogue_is_vietnamese", ""),
    "admin:autocomplete": (
        "tests/platform/admin.py::ScopedAdminTestCase::test_autocomplete_lists_only_the_wards_rows",
        "each admin's test checks the autocompletes that list its model",
    ),
    "admin:view_on_site": (EVERY_ADMIN, "Django's own redirect to an object's public page"),
    "admin:app_list": (EVERY_ADMIN, "Django's own"),
    "admin/(?P<url>.*)$": (EVERY_ADMIN, "Django's catch-all: 404 for unknown admin addresses"),
    "admin/*/<path:object_id>/": (EVERY_ADMIN, "Django's redirect of an old object address"),
    # --- Admins of data that belongs to no ward, or to the platform ------------------------------
    "admin:auth_user_*": (EVERY_ADMIN, SUPERUSER_ONLY),
    "admin:auth_group_*": (EVERY_ADMIN, SUPERUSER_ONLY),
    "admin:authtoken_tokenproxy_*": (EVERY_ADMIN, SUPERUSER_ONLY),
    "admin:axes_*": (EVERY_ADMIN, SUPERUSER_ONLY),
    "admin:wards_province_*": (
        "tests/wards/test_admin.py::test_province_list_is_the_provinces_of_the_users_wards",
        "",
    ),
    "admin:tips_offencecategory_*": (
        "tests/tips/test_admin_cases.py::TestOffenceCategories",
        REFERENCE,
    ),
    "admin:tips_open311client_*": (
        "tests/tips/test_admin_cases.py::TestOpen311Clients",
        "a province's machine clients",
    ),
    "admin:tips_tip_attachment": (
        "tests/tips/test_admin_security.py::TestTipAdmin::test_the_photo_view_follows_the_tip",
        "",
    ),
    "admin:wardsec_auditentry_*": ("tests/wardsec/test_audit.py", "read-only, per the ward scope"),
    "admin:wardsec_outboxmessage_*": ("tests/wardsec/test_outbox.py", SUPERUSER_ONLY),
    "admin:core_forces_forceunit_allowances": (
        "tests/core_forces/test_admin.py::test_allowance_sheet_downloads_as_xlsx",
        "a unit's allowance sheet (another ward's unit: not yet tested)",
    ),
    "admin:core_forces_unitkind_*": (EVERY_ADMIN, REFERENCE),
    "admin:core_forces_trainingtopic_*": (EVERY_ADMIN, REFERENCE),
    "admin:models_registry_modelkind_*": (EVERY_ADMIN, REFERENCE),
    "admin:models_registry_asset_map": (
        "tests/models_registry/test_admin.py::test_the_map_needs_the_view_permission",
        "the assets of the user's wards on an SVG plot (another ward's: never listed)",
    ),
    "admin:mediation_disputekind_*": (EVERY_ADMIN, REFERENCE),
    "admin:mediation_recordbook_download": (
        "tests/mediation/test_record_book.py::"
        "test_download_needs_the_parties_permission_stays_in_the_ward_and_is_audited",
        "a team's record book of a year (XLSX, PDF), with the parties' ages and addresses",
    ),
    "admin:campaigns_outreachsession_photo": (
        "tests/campaigns/test_admin.py::test_a_sessions_photo_is_served_to_its_wards_officers",
        "",
    ),
    "admin:campaigns_outreachformat_*": (EVERY_ADMIN, REFERENCE),
    "admin:campaigns_outreachtopic_*": (EVERY_ADMIN, REFERENCE),
    "admin:campaigns_partner_*": (EVERY_ADMIN, REFERENCE),
    "admin:campaigns_fund_*": (EVERY_ADMIN, REFERENCE),
    "admin:campaigns_beneficiarygroup_*": (EVERY_ADMIN, REFERENCE),
}
