from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.request_report, name="request"),
    path("overview/", views.overview, name="overview"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rebuild/", views.rebuild, name="rebuild"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
]
