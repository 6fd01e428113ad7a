# Members in a private chat (SPEC §1, §2, §4): the main menu, daily gift, history, settings, help.

## Main menu text
member-home-title = Hi, { $name }! 💋
member-home-balance = 💰 Balance: { $balance } besitos
member-home-level = ⭐ Level { $level }
member-home-progress = { $bar } { $percent } % · { $missing } besitos to level { $next }
member-home-progress-max = { $bar } Top level!
member-home-daily-streak = 🎁 Daily gift streak: { $streak ->
    [one] 1 day
   *[other] { $streak } days
  }
member-home-reaction-streak = ❤️ Reaction streak: { $streak ->
    [one] 1 day
   *[other] { $streak } days
  }
member-home-gift-ready = 🎁 Your daily gift is ready: +{ $base } besitos + { $bonus } streak bonus.
member-home-gift-wait = ⏳ Next daily gift in { $wait }.
member-home-hint = Pick an option:
member-someone = friend

## Main menu buttons
member-btn-daily = 🎁 Daily gift
member-btn-history = 📜 History
member-btn-shop = 🛍 Shop
member-btn-purchases = 📦 My purchases
member-btn-rewards = 🏆 Rewards
member-btn-settings = ⚙️ Settings
member-btn-menu = ⬅️ Menu
member-btn-back = ⬅️ Back
member-btn-prev = ◀️ Previous
member-btn-next = Next ▶️
member-btn-first = ⏮ First
member-menu-outdated = This menu was out of date; here is the current one.

## Daily gift
member-daily-claimed = { $bonus ->
    [0] +{ $base } besitos (streak { $streak })
   *[other] +{ $base } besitos + { $bonus } streak bonus (streak { $streak })
  }
member-daily-claimed-balance = You now have { $balance } besitos. Come back tomorrow to keep your streak.

## Balance
member-balance = 💰 You have { $balance } besitos · level { $level }.
member-balance-totals = Earned in total: { $earned } · spent: { $spent }

## History
member-history-title = 📜 Your history · page { $page } of { $pages }
member-history-empty = 📜 No movements yet. React to channel posts or claim your daily gift to earn besitos.
member-history-line = { $date } · { $type }: { $amount } (balance { $balance })

## Settings
member-settings-title = ⚙️ Settings
member-settings-language = Language: { $language ->
    [es] Español
    [en] English
   *[auto] automatic (your Telegram's)
  }
member-settings-reminders = Streak reminders: { $on ->
    [yes] on
   *[no] off
  }
member-settings-reminders-help = With reminders on, we tell you a few hours before your daily gift streak would be lost.
member-btn-lang-es = Español
member-btn-lang-en = English
member-btn-lang-auto = Automatic
member-btn-reminders = { $on ->
    [yes] 🔔 Reminders: on
   *[no] 🔕 Reminders: off
  }
member-settings-language-saved = Language saved.
member-settings-reminders-saved = { $on ->
    [yes] Reminders on.
   *[no] Reminders off.
  }

## Help
member-help =
    💋 besitos: earn besitos by reacting to the channels' posts and with your daily gift, and spend them in the shop.

    /start or /menu: main menu
    /daily (/regalo): claim the daily gift
    /balance (/saldo): your balance and level
    /history (/historial): your movements
    /shop (/tienda): the shop
    /purchases (/compras): your purchases
    /rewards (/recompensas): your rewards
    /top (/ranking): the leaderboards
    /language (/idioma): language and reminders
    /help (/ayuda): this help

# An admin gave or took besitos: what moved, why (the admin's own words) and the balance.
# $why is member-notify-admin-reason followed by a space, or nothing when no reason was given.
member-notify-admin-reason = Reason: { $reason }.
member-notify-admin-credit = 💝 An admin gave you { $amount ->
    [one] { $amount } besito
   *[other] { $amount } besitos
}. { $why }Balance: { $balance } besitos.
member-notify-admin-debit = ➖ An admin took { $amount ->
    [one] { $amount } besito
   *[other] { $amount } besitos
} from you. { $why }Balance: { $balance } besitos.

# Hints for what no feature answered in a private chat (an unknown command, free text, a sticker).
hint-unknown-command = I don't know that command. Type /help to see what I can do.
hint-free-text = I'm not sure what to do with that 🙈 Use the menu buttons (/start) or type /help.
hint-no-flow = There is nothing in progress to cancel or finish. Type /help to see what I can do.
