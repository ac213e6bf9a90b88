"""Create the role groups (officer, commander, leader) with exactly their permissions."""

from django.core.management.base import BaseCommand

from wards.roles import sync_role_groups


class Command(BaseCommand):
    help = "Tạo/cập nhật nhóm quyền cho các vai trò (cán bộ, chỉ huy, lãnh đạo)."

    def handle(self, *args, **options):
        for role, count in sync_role_groups().items():
            self.stdout.write(f"{role}: {count} quyền")
