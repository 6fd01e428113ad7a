# Descriptions in Telegram's "/" menu (at most 256 characters).
command-start = Your menu: balance, level and streak
command-daily = Claim the daily gift
command-balance = See your balance
command-history = Your movements
command-shop = The shop
command-purchases = Your purchases
command-top = The besitos leaderboards
command-rewards = Your rewards
command-settings = Language and reminders
command-help = How it works
command-admin = Admin panel
command-miembro = Find a member by id or @username
command-publicar = Publish to a channel (reply to a message)
command-cancel = Leave the current step
