"""Create the demo ward with its records, as officers would have entered them."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from wards import demo


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: Phường 3, thị xã Kiến Tường (Long An, nay thuộc Tây Ninh)."

    def handle(self, *args, **options):
        with transaction.atomic():
            context = demo.load()
            for config in apps.get_app_configs():
                loader = getattr(config, "demo_loader", None)
                if loader:
                    summary = import_string(loader)(context)
                    if summary:
                        self.stdout.write(f"{config.label}: {summary}")
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng. Tài khoản đăng nhập:"))
        for username, password, _role, name, title in demo.DEMO_USERS:
            self.stdout.write(f"  {title:<16} {name:<16} {username} / {password}")
