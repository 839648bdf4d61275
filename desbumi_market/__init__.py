"""Desbumi Market: the online marketplace of the Desbumi villages of Jember."""

from .celery import app as celery_app

__all__ = ("celery_app",)
