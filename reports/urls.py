from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
]
