"""Attune's shared package: settings, database, models, domain services, schemas and routers.

Every Lambda function imports from here; nothing here imports a function module.
"""
