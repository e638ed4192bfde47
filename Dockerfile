# refundbot, installed from this repository and run as an unprivileged user.
#   docker build -t refundbot .
#   docker run --rm -e SLACK_BOT_TOKEN -e SLACK_SIGNING_SECRET -p 3000:3000 refundbot
# The default command serves Slack over HTTP on port 3000 (/slack/events, /healthz, /readyz, /metrics);
# `refundbot serve discord --health-port 8080` or `serve slack --socket --health-port 8080` for the others.

FROM python:3.11-slim AS build
WORKDIR /src
# gcc for setup.py's compiled reader (mypyc); only the build stage has it
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml setup.py README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY knowledge ./knowledge
RUN python -m venv /opt/refundbot && /opt/refundbot/bin/pip install --no-cache-dir .

FROM python:3.11-slim
COPY --from=build /opt/refundbot /opt/refundbot
RUN useradd --system --uid 10001 --create-home --home-dir /data refundbot
USER 10001
WORKDIR /data
# JSON logs for the log stack; the database (audit log, and sessions without Redis) on the /data volume.
ENV PATH=/opt/refundbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    REFUNDBOT_LOG_FORMAT=json \
    REFUNDBOT_DATABASE=/data/refundbot.sqlite3
VOLUME /data
EXPOSE 3000
# Exec form: refundbot is PID 1 and gets SIGTERM itself (finishes the turns in flight, exits 0).
ENTRYPOINT ["refundbot"]
CMD ["serve", "slack", "--port", "3000"]
