"""The Discord adapter (discord.py 2.x): slash commands, threads, persistent button views, embeds."""
