"""The Slack adapter (slack-bolt, async): slash commands, mentions, DMs, Block Kit questions and cards."""
