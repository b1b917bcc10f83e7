"""Gunicorn settings for the API: `gunicorn -c api/gunicorn.conf.py "api:create_app()"`.

Gevent workers, because live endpoints (Server-Sent Events) hold many
connections open; each worker serves up to worker_connections at once. Binds
0.0.0.0:API_PORT (default 5000); WEB_CONCURRENCY sets the worker count (2).
"""

import os

from pipeline.logs import configure_logging
from pipeline.settings import get_settings

# Workers are forked from here and keep this setup for the app's own loggers.
configure_logging()

bind = f"0.0.0.0:{get_settings().api_port}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gevent"
worker_connections = 1000
keepalive = 5
graceful_timeout = 10
# No control socket: it lives at one path per user, and several servers (two
# stacks, the tests) may run side by side.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
