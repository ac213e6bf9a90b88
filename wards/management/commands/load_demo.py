"""Create the demo ward with its records, as officers would have entered them."""

from django.core.management.base import BaseCommand
from django.db import transaction

from wards import demo
from wardsec import registry


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: Phường 3, thị xã Kiến Tường (Long An, nay thuộc Tây Ninh)."

    def handle(self, *args, **options):
        with transaction.atomic():
            context = demo.load()
            # Each app adds its records (AppConfig.demo_loader, discovered by the registry).
            for label, loader in registry.demo_loaders():
                summary = loader(context)
                if summary:
                    self.stdout.write(f"{label}: {summary}")
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng. Tài khoản đăng nhập:"))
        for username, password, _role, name, title in demo.DEMO_USERS:
            self.stdout.write(f"  {title:<16} {name:<16} {username} / {password}")
