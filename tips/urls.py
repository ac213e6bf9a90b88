from django.urls import path

from tips import views

app_name = "tips"

urlpatterns = [
    path("bao-tin/", views.SubmitTipView.as_view(), name="submit"),
    path("tra-cuu/", views.LookupView.as_view(), name="lookup"),
    path("tra-cuu/bo-sung/", views.AddInformationView.as_view(), name="add_information"),
    # English aliases
    path("report/", views.SubmitTipView.as_view()),
    path("track/", views.LookupView.as_view()),
]
