"""The demo programme as data: the files under `demo/data/`, loaded by `manage.py seed_demo`."""
