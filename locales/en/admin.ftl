# Admin (SPEC §8): /admin menu, settings, products, content, rewards, members, metrics.

admin-menu-title = Admin panel. What would you like to look at?
admin-private-only = Admin options only work in your private chat with the bot.
admin-unknown-button = That button no longer works. Open /admin again.
admin-flow-expired = That step is over. Open /admin to start again.
admin-flow-cancelled = Cancelled. Nothing was changed.
admin-flow-left = Left the step-by-step halfway; nothing was saved.
admin-confirm-or-cancel = Press Confirm to save it, or Cancel (/cancel) to leave.

## Buttons
admin-button-settings = ⚙️ Settings
admin-button-products = 🛍 Products
admin-button-content = 🖼 Content
admin-button-rewards = 🎁 Rewards
admin-button-member = 🔎 Find a member
admin-button-metrics = 📊 Metrics
admin-button-back = « Back
admin-button-menu = « Menu
admin-button-cancel = ✖️ Cancel
admin-button-confirm = ✅ Confirm
admin-button-none = None
admin-button-done = ✅ Done
admin-button-yes = Yes
admin-button-no = No
admin-button-refresh = 🔄 Refresh
admin-button-new-product = ➕ New product
admin-button-new-content = ➕ New content
admin-button-new-reward = ➕ New reward
admin-button-activate = ▶️ Activate #{ $id }
admin-button-deactivate = ⏸ Deactivate #{ $id }
admin-button-delete = 🗑 Delete #{ $id }
admin-button-delete-confirm = 🗑 Yes, delete it
admin-button-credit = ➕ Credit
admin-button-debit = ➖ Debit
admin-button-grant-vip = 👑 Grant VIP

## Invalid answers (the step is asked again)
admin-invalid-number = Type a whole number from { $min } to { $max }.
admin-invalid-or-none = Or type - (or press None) to leave it empty.
admin-invalid-text = Type a text of { $min } to { $max } characters.
admin-invalid-choice = Pick one of the options with the buttons.

## States and values
# $gender: masculine or feminine (Spanish needs it; English does not).
admin-state-active = active
admin-state-inactive = inactive
admin-role = { $role ->
    [VIP] VIP
    [ADMIN] admin
   *[other] free
  }
admin-purchase-status = { $status ->
    [REFUNDED] refunded
   *[other] delivered
  }
admin-tier-FREE = For everyone
admin-tier-VIP = VIP only
admin-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
  }
admin-besitos = { $amount } besitos
admin-vip-days = { $days ->
    [one] { $days } VIP day
   *[other] { $days } VIP days
  }
admin-content-ref = content #{ $id }

## Settings
admin-settings-title = ⚙️ Economy settings. Press one to change it.
admin-settings-line = • { $label }: { $value }
admin-setting-unknown = That setting does not exist.
admin-setting-ask = { $label } ({ $key })
    Current value: { $current }
    { $valid }
    Type the new value, or /cancel to leave.
admin-setting-changed = Done: { $label } went from { $from } to { $to }. It applies right away.
admin-valid-number = Valid: a whole number from { $min } to { $max }.
admin-valid-timezone = Valid: an IANA time zone, for example UTC, Europe/Madrid or America/New_York.
admin-valid-emojis = Valid: 1 to 8 different emojis separated by spaces, for example ❤️ 🔥 💋 😈
admin-valid-formula = Valid: sqrt, linear:100, exponential:100,1.5 or an expression over total_earned, for example floor(sqrt(total_earned / 50)) + 1
admin-formula-preview = Preview of { $formula }:
    { $rows }
    Save it? Everyone's level is recomputed at once. You can also type another formula.
admin-formula-preview-row = Level { $level }: from { $from } besitos earned
admin-setting-economy-timezone = Time zone
admin-setting-reactions-emojis = Reaction emojis
admin-setting-reactions-amount = Besitos per reaction
admin-setting-reactions-cooldown-seconds = Wait between reactions (s)
admin-setting-reactions-daily-limit = Paid reactions per day
admin-setting-reactions-refresh-seconds = Count refresh (s)
admin-setting-daily-base = Daily gift
admin-setting-daily-bonus-per-day = Bonus per streak day
admin-setting-daily-bonus-cap = Streak bonus cap
admin-setting-daily-reminder-hours-before = Streak reminder (hours before)
admin-setting-shop-page-size = Products per page
admin-setting-rewards-besitos-cap = Besitos cap per reward
admin-setting-rewards-vip-days-cap = VIP days cap per reward
admin-setting-rewards-manual-claim-window-hours = Time to claim (hours)
admin-setting-levels-formula = Level formula
admin-setting-leaderboard-refresh-seconds = Leaderboards and metrics refresh (s)

## Content
admin-content-title = 🖼 Content (what products and rewards deliver)
admin-content-empty = No content yet.
admin-content-line = #{ $id } { $name } · { $items ->
    [one] { $items } file
   *[other] { $items } files
  }
admin-content-ask-name = What is this content called? (up to { $max } characters)
admin-content-ask-items = Now send or forward me the photos, videos, documents, audio or GIFs (up to { $max }). When you are done, type /done.
admin-content-added = Saved ({ $count }/{ $max }). Send more or type /done.
admin-content-not-media = I can't keep that: send a photo, video, document, audio or GIF. Type /done to finish or /cancel to leave.
admin-content-need-one = Send at least one file before /done.
admin-content-full = You have { $max } files, the most allowed. Type /done to save.
admin-content-created = Content #{ $id } “{ $name }” saved with { $items ->
    [one] { $items } file
   *[other] { $items } files
  }.

## Products
admin-products-title = 🛍 Products
admin-products-empty = No products yet.
admin-product-line = #{ $id } { $name } · { $kind } · { $price } (VIP { $vipPrice }) · { $tier } · { $state } · stock { $stock } · sold { $sold }
admin-product-kind-CONTENT = Content
admin-product-kind-VIP_DAYS = VIP days
admin-product-ask-name = New product. What is it called? (up to { $max } characters)
admin-product-ask-description = Type the description (up to { $max } characters), or - to leave it empty.
admin-product-ask-kind = What does it sell?
admin-product-ask-set = Which content does it deliver?
admin-product-no-content = Create some content (photos, videos…) first, then you can sell it.
admin-product-ask-days = How many VIP days does it give? (1 to { $max })
admin-product-ask-price = What does it cost in besitos? (0 to { $max }; 0 is free)
admin-product-ask-vip = VIP price: a number (up to { $price }), a discount like 20%, or - for the same price.
admin-product-invalid-vip = Type a VIP price from 0 to { $price }, a percentage from 0% to 100%, or - for none.
admin-product-ask-tier = Who can buy it?
admin-product-ask-stock = How many units are there? (0 to { $max }), or - for unlimited.
admin-product-ask-limit = How many may each member hold? (1 to { $max }), or - for no limit.
admin-product-summary = Check the product:
    { $name } — { $description }
    { $kind }: { $what }
    Price: { $price } · VIP: { $vip }
    { $tier } · stock { $stock } · limit per member { $limit }
admin-product-created = Product #{ $id } “{ $name }” created and active.

## Rewards
admin-rewards-title = 🎁 Rewards
admin-rewards-empty = No rewards yet.
admin-reward-line = #{ $id } { $name } → { $what } ({ $state })
    { $conditions }
admin-conditions-all = All of: { $list }
admin-conditions-any = Group { $group }, any of: { $list }
admin-reward-kind-BESITOS = Besitos
admin-reward-kind-CONTENT = Content
admin-reward-kind-BADGE = Badge
admin-reward-kind-VIP_DAYS = VIP days
admin-condition-STREAK_LENGTH = Daily gift streak
admin-condition-REACTION_STREAK = Reaction streak
admin-condition-TOTAL_EARNED = Besitos earned
admin-condition-LEVEL = Level
admin-condition-TOTAL_SPENT = Besitos spent
admin-condition-FIRST_PURCHASE = First purchase
admin-condition-FIRST_DAILY_GIFT = First daily gift
admin-condition-FIRST_REACTION = First reaction
admin-condition-NOT_VIP = Not VIP
admin-condition-NOT_CLAIMED_BEFORE = Not claimed before
admin-reward-state-locked = locked
admin-reward-state-unlocked = unlocked
admin-reward-state-claimed = claimed
admin-reward-state-expired = expired
admin-reward-mode-auto = Granted automatically
admin-reward-mode-manual = The member claims it
admin-reward-once = Once
admin-reward-repeatable = Repeatable
admin-reward-ask-name = New reward. What is it called? (up to { $max } characters)
admin-reward-ask-description = Type the description (up to { $max } characters), or - to leave it empty.
admin-reward-ask-kind = What does it give?
admin-reward-ask-amount = How many besitos? ({ $min } to { $max }; the cap setting applies when granted)
admin-reward-ask-days = How many VIP days? ({ $min } to { $max }; the cap setting applies when granted)
admin-reward-ask-badge-name = Badge name (up to { $max } characters)
admin-reward-ask-badge-emoji = Badge emoji
admin-reward-ask-condition = Conditions ({ $count }/{ $max }). Pick a condition to add it{ $count ->
    [0] .
   *[other] , or press Done.
  }
admin-reward-ask-condition-value = { $condition }: from how much? ({ $min } to { $max })
admin-reward-ask-group = Which group? 0 = must always hold; 1, 2, … = one condition of that group is enough. ({ $min } to { $max })
admin-reward-ask-repeatable = Earned once, or again and again?
admin-reward-ask-cooldown = How many hours between one time and the next? ({ $min } to { $max })
admin-reward-ask-max-claims = At most how many times per member? ({ $min } to { $max }), or - for no maximum.
admin-reward-ask-secret = Is it secret? (only shown once unlocked)
admin-reward-ask-claim-mode = How is it granted?
admin-reward-ask-window = How many hours to claim it? ({ $min } to { $max }), or - for the general setting.
admin-reward-summary = Check the reward:
    { $name } → { $what }
    { $conditions }
    { $repeat } · secret: { $secret } · { $mode }
admin-reward-created = Reward #{ $id } “{ $name }” created and active.
admin-reward-delete-ask = Delete reward #{ $id } “{ $name }”? Whoever earned it keeps it in their history.

## Members
admin-member-ask = Type the member's Telegram id or @username.
admin-member-not-found = Nobody found as “{ $query }”.
admin-member-title = 👤 { $name } · { $username } · id { $id }
admin-member-profile = Balance: { $balance } · earned: { $earned } · spent: { $spent }
    Level { $level } · role { $role } · VIP until: { $vip }
admin-member-streaks = Daily gift streak: { $daily } (best { $dailyLongest }) · reaction streak: { $reaction } (best { $reactionLongest })
admin-member-rewards = 🎁 Rewards reached: { $count }
admin-member-reward-row = • { $name } ({ $state }, { $claims ->
    [one] once
   *[other] { $claims } times
  })
admin-member-purchases = 🛍 Latest purchases: { $count }
admin-member-purchase-row = • #{ $id } { $name } · { $price } · { $status } · { $at }
admin-member-history = 📜 Latest movements ({ $count } of { $total }):
admin-member-history-row = • { $at } { $amount } { $type } — { $reason }
admin-member-ask-credit = How many besitos do you credit to member { $id }? (1 to { $max })
admin-member-ask-debit = How many besitos do you debit from member { $id }? (1 to { $max })
admin-member-ask-reason = Why? (kept in the history; up to { $max } characters)
admin-member-credit-done = Credited { $amount } besitos to member { $id }. Balance now: { $balance }.
admin-member-debit-done = Debited { $amount } besitos from member { $id }. Balance now: { $balance }.
admin-member-ask-vip = How many VIP days do you grant member { $id }? (1 to { $max })
admin-member-debit-short = Member { $id } only has { $balance } besitos: { $amount } cannot be debited. Nothing moved.
admin-member-vip-done = Member { $id } has { $days ->
    [one] one more VIP day
   *[other] { $days } more VIP days
  }: until { $until } (role { $role }).

## Metrics
admin-metrics = 📊 Metrics
    Figures as of { $asOf }
    Besitos in circulation: { $circulation }
    Earned in total: { $earned } · spent: { $spent }
    Members: { $members } · with a profile: { $profiles }
    Active: { $active30 } in 30 days · { $active7 } in 7 days
    Last { $days } days: in { $faucets } · out { $sinks } · refunds { $refunds }
    Movements: { $movements }
    Mean balance: { NUMBER($mean, maximumFractionDigits: 2) } · median: { NUMBER($median, maximumFractionDigits: 2) }
    Inequality (Gini, 0 to 1): { NUMBER($gini, minimumFractionDigits: 2, maximumFractionDigits: 2) }
    Members by level: { $levels }
    Active products: { $products } of { $productsTotal } · sales: { $sold }
    Active rewards: { $rewards } of { $rewardsTotal }

    🏆 Most besitos:
    { $holders }
admin-metrics-level = level { $level } ({ $members })
admin-metrics-levels-more = { $count ->
        [one] one more level
       *[other] { $count } more levels
    }
admin-metrics-holder = { $rank }. { $name }: { $balance }
admin-metrics-holders-none = Nobody holds besitos yet.
admin-metrics-none = none

## Refused settings: which rule broke (the engine's detail), followed by what is valid.
admin-setting-refused = { $problem ->
    [type] { $expected ->
        [number] That is not a number.
        [integer] It must be a whole number, without decimals.
        [list] That is not a list of emojis.
        [formula] That is not a formula.
       *[other] That kind of value does not fit here.
      }
    [too_small] { $of ->
        [count] At least { $min } are needed.
        [length] That is shorter than { $min } characters.
       *[value] That is below the minimum, { $min }.
      }
    [too_big] { $of ->
        [count] That is more than { $max }.
        [length] That is longer than { $max } characters.
       *[value] That is above the maximum, { $max }.
      }
    [not_timezone] I do not know that time zone.
    [not_distinct] Some emojis are repeated.
   *[other] That value is not valid.
  }
admin-formula-invalid = That formula is not valid{ $column ->
    [0] .
   *[other] (look at position { $column }).
  }
admin-formula-sqrt = square root (sqrt)
admin-formula-linear = linear, one level every { $step } besitos
admin-formula-exponential = exponential (base { $base }, factor { $factor })

## A movement's reason, from its type (not the stored English text)
admin-reason-reaction = reaction { $emoji }
admin-reason-streak = { $streak }-day streak
admin-reason-refund = refund of purchase #{ $purchase }
admin-reason-typed = “{ $reason }”
