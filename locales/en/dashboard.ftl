# The web dashboard (issue 13): what an admin reads in the browser.

## Navigation and the page shell
dash-nav-label = Sections
dash-nav-overview = Overview
dash-nav-members = Members
dash-nav-settings = Settings
dash-nav-shop = Shop
dash-nav-rewards = Rewards
dash-nav-leaderboards = Leaderboards
dash-nav-audit = Audit log
dash-admin = Admin { $id }
dash-logout = Log out
dash-session-over = Your session is over. Log in again.
dash-csrf-refused = This form is not valid (it expired or did not come from this page). Reload the page and try again.

## Logging in
dash-login-title = Log in to besitos
dash-login-token = Admin token
dash-login-submit = Log in
dash-login-token-hint = No token? Make one in the bot (/admin → 🔑) or in the terminal:
dash-login-link = This one-time link logs you in as an admin of the economy. It works only once.
dash-login-refused = That token or link does not work: it was used already, has expired or was never valid.
dash-login-too-many = Too many failed attempts. Try again in { $seconds } s.
dash-setup-title = Set up besitos
dash-setup-intro = This economy has no admin yet. Type your Telegram numeric id: you become its first admin and are logged in. This link works only once.
dash-setup-id = Your Telegram numeric id
dash-setup-id-hint = A number such as 123456789, not your @username. To find it, write to @userinfobot in Telegram: it answers with your id.
dash-setup-submit = Make me the admin
dash-setup-bad-id = That is not a Telegram id: type only the digits of your numeric id.
dash-setup-refused = This setup link does not work: it was used already, has expired or belongs to an earlier start. Start besitos again for a new one.
dash-setup-done-already = This economy already has an admin. Log in with a token or the link printed at start.

## Notices after a change
dash-ok-credited = Besitos credited.
dash-ok-debited = Besitos debited.
dash-ok-vip-granted = VIP days granted.
dash-ok-setting-saved = Setting saved.
dash-ok-product-created = Product created.
dash-ok-product-updated = Product saved.
dash-ok-content-set-renamed = Content set renamed.
dash-ok-reward-created = Reward created.
dash-ok-reward-updated = Reward saved.
dash-ok-switched-on = Switched on.
dash-ok-switched-off = Switched off.
dash-ok-refunded = Purchase refunded.
dash-ok-logged-out = Logged out.

## Words used on several pages
dash-besitos = besitos
dash-balance = Balance
dash-balance-after = Balance after
dash-earned = Earned
dash-spent = Spent
dash-level = Level
dash-level-n = Level { $level }
dash-member = Member
dash-when = When
dash-type = Kind
dash-detail = Detail
dash-amount = Amount
dash-reason = Reason
dash-who = Who
dash-name = Name
dash-description = Description
dash-kind = Kind
dash-price = Price
dash-state = State
dash-status = Status
dash-value = Value
dash-show = Show
dash-save = Save
dash-edit = Edit
dash-rename = Rename
dash-create = Create
dash-apply = Apply
dash-find = Find
dash-empty = Nothing here yet.
dash-newer = Newer
dash-older = Older
dash-newest = Newest
dash-on = On
dash-off = Off
dash-switch-on = Switch on
dash-switch-off = Switch off
dash-and = and
dash-or = or
dash-rank = Rank
dash-role = { $role ->
    [ADMIN] admin
    [VIP] VIP
   *[FREE] free
  }
dash-by-admin = admin { $id }
dash-by-reward = reward { $id }
dash-by-job = daily job
dash-by-shop = shop
dash-by-config = configuration
dash-by-operator = operator ({ $by })

## Overview
dash-days = Period
dash-last-days = Last { $days } days
dash-as-of = Figures of { $time } ({ $zone })
dash-not-yet = The figures appear after the first count (within seconds while the server runs).
dash-circulation = In circulation
dash-members-all = Members
dash-members-profiles = With a balance
dash-members-count = Members
dash-of-members = of { $members } members
dash-active-7 = Active 7 days
dash-active-30 = Active 30 days
dash-active-30-hint = { $n } in 30 days
dash-mean-median = Mean / median balance
dash-gini = Gini
dash-gini-hint = 0 = all equal, 1 = one holds everything
dash-transactions = Movements
dash-chart-circulation = Besitos in circulation at the end of each day
dash-chart-flows = Faucets (above) and sinks (below) per day and kind
dash-chart-active = Active members
dash-chart-levels = Members per level
dash-chart-holders = Top holders · Gini { $gini }
dash-top-holders = Top holders

## Members
dash-member-search = Member
dash-member-search-placeholder = Telegram id or @username
dash-member-search-hint = Search by Telegram id (digits only) or by @username.
dash-member-not-found = There is no member “{ $ref }”.
dash-member-title = Member { $name }
dash-member-unnamed = No name
dash-member-id = id { $id }
dash-vip-until = VIP until { $time }
dash-unreachable = has not opened the bot
dash-level-missing = { $missing } more for level { $next }
dash-daily-streak = Daily gift streak
dash-reaction-streak = Reaction streak
dash-longest = best { $n }
dash-credit-debit = Credit or debit
dash-direction = Operation
dash-credit = Credit
dash-debit = Debit
dash-vip-days = VIP days
dash-grant-vip = Grant VIP
dash-chart-member = Last { $days } days: earned, spent and balance
dash-history = History
dash-history-total = { $total ->
    [one] 1 movement
   *[other] { $total } movements
  }
dash-all-types = Every kind
dash-no-movements = No movements.
dash-refund-of = refund of movement { $id }
dash-purchases = Purchases
dash-product = Product
dash-purchase-status = { $status ->
    [REFUNDED] refunded
   *[COMPLETED] completed
  }
dash-reward = Reward
dash-reward-state = { $state ->
    [unlocked] unlocked
    [claimed] claimed
    [expired] expired
   *[locked] locked
  }
dash-progress = Progress

## Settings
dash-setting = Setting
dash-setting-unknown = There is no such setting.
dash-setting-economy-timezone = Time zone of the economy day
dash-setting-reactions-emojis = Reaction emojis (1 to 8)
dash-setting-reactions-amount = Besitos per reaction
dash-setting-reactions-cooldown-seconds = Wait between reactions (seconds)
dash-setting-reactions-daily-limit = Reactions that count per day
dash-setting-reactions-refresh-seconds = Refresh counts every (seconds)
dash-setting-daily-base = Daily gift
dash-setting-daily-bonus-per-day = Bonus per streak day
dash-setting-daily-bonus-cap = Most streak bonus
dash-setting-daily-reminder-hours-before = Streak-at-risk reminder (hours before)
dash-setting-shop-page-size = Products per page in the bot
dash-setting-rewards-besitos-cap = Most besitos per reward
dash-setting-rewards-vip-days-cap = Most VIP days per reward
dash-setting-rewards-manual-claim-window-hours = Time to claim (hours)
dash-setting-levels-formula = Level formula
dash-formula = Formula
dash-formula-help = sqrt (square root), linear:100 (a level every 100), exponential:100,1.5 or an expression over total_earned, e.g. floor(total_earned / 250) + 1.
dash-formula-invalid = That formula is not valid.
dash-preview = Preview
dash-level-from = From (earned)

## Shop
dash-products = Products
dash-product-new = New product
dash-product-vip-days = { $days ->
    [one] 1 VIP day
   *[other] { $days } VIP days
  }
dash-product-content = Content: { $set }
dash-kind-content = Content
dash-kind-vip-days = VIP days
dash-tier-label = For
dash-tier = { $tier ->
    [VIP] VIP only
   *[FREE] everyone
  }
dash-stock = Stock
dash-sold = Sold
dash-content-set = Content set
dash-content-sets = Content sets
dash-content-sets-hint = Sets are made in the bot (/admin), where the files are.
dash-items = Files
dash-updated = Updated
dash-vip-discount = VIP discount (%)
dash-per-member-limit = Limit per member
dash-vip-only = VIP only
dash-refund = Refund

## Rewards
dash-reward-new = New reward
dash-gives = Gives
dash-gives-besitos = { $amount } besitos
dash-gives-vip-days = { $days ->
    [one] 1 VIP day
   *[other] { $days } VIP days
  }
dash-gives-badge = badge { $badge }
dash-gives-content = content: { $set }
dash-conditions = Conditions
dash-condition = { $type ->
    [STREAK_LENGTH] daily streak ≥ { $value }
    [REACTION_STREAK] reaction streak ≥ { $value }
    [TOTAL_EARNED] earned ≥ { $value }
    [LEVEL] level ≥ { $value }
    [TOTAL_SPENT] spent ≥ { $value }
    [FIRST_PURCHASE] first purchase
    [FIRST_DAILY_GIFT] first daily gift
    [FIRST_REACTION] first reaction
    [NOT_VIP] not VIP
   *[NOT_CLAIMED_BEFORE] never claimed
  }
dash-condition-type-name = { $type ->
    [STREAK_LENGTH] Daily streak ≥
    [REACTION_STREAK] Reaction streak ≥
    [TOTAL_EARNED] Earned ≥
    [LEVEL] Level ≥
    [TOTAL_SPENT] Spent ≥
    [FIRST_PURCHASE] First purchase
    [FIRST_DAILY_GIFT] First daily gift
    [FIRST_REACTION] First reaction
    [NOT_VIP] Not VIP
   *[NOT_CLAIMED_BEFORE] Never claimed
  }
dash-condition-n = Condition { $n }
dash-condition-type = Kind of condition
dash-group = Group
dash-group-all = Always (all of them)
dash-group-any = Group { $n } (one is enough)
dash-repeats = Repeats
dash-repeatable = every { $hours } h
dash-once = once
dash-claim = Given
dash-claim-mode = { $mode ->
    [manual] claimed by the member
   *[auto] automatically
  }
dash-granted = Granted
dash-secret = secret
dash-reward-kind = { $kind ->
    [CONTENT] Content
    [BADGE] Badge
    [VIP_DAYS] VIP days
   *[BESITOS] Besitos
  }
dash-reward-value = Besitos or days
dash-badge = Badge
dash-badge-emoji = Badge emoji
dash-repeatable-label = Can be repeated
dash-cooldown-hours = Hours between repeats
dash-manual-label = The member claims it (otherwise it is given at once)
dash-secret-label = Secret until unlocked

## Leaderboards
dash-board = { $board ->
    [week] This week
    [month] This month
   *[all] All time
  }
dash-board-chart = { $board ->
    [week] Besitos earned this week
    [month] Besitos earned this month
   *[all] Besitos earned in all
  }
dash-board-period = From { $from } to { $to }.
dash-board-members = { $members ->
    [one] 1 member on the board
   *[other] { $members } members on the board
  }
dash-board-opt-in = Only members who chose it in the bot are listed; ties go to whoever got there first.
dash-board-empty = Nobody on this board yet.
dash-board-up = Places above
dash-board-down = Places below
dash-setting-leaderboard-refresh-seconds = Recount leaderboards and figures every (seconds)

dash-board-place = All-time board
dash-board-place-hint = { $listed ->
    [yes] of { $outOf }
    [soon] of { $outOf }; listed from the next count
   *[no] of { $outOf } if they chose to; not listed
  }

## Audit log
dash-audit-settings = Settings
dash-audit-roles = Roles
dash-audit-movements = Credits and debits
dash-old-value = Before
dash-new-value = After
dash-change = Change
dash-vip-expiry = VIP until

## Refusals, as an admin reads them
dash-error-other = That could not be done ({ $code }): { $message }
dash-error-INVALID_INPUT = Not valid: { $message }
dash-error-INVALID_AMOUNT = The amount must be a whole number from 1 to 1,000,000,000.
dash-error-INSUFFICIENT_FUNDS = Not enough balance: they have { $balance } and { $amount } was asked.
dash-error-UNKNOWN_MEMBER = That member has no besitos yet.
dash-error-FORBIDDEN = Only admins can do this.
dash-error-NOT_FOUND = It does not exist.
dash-error-INVALID_FORMULA = The formula is not valid: { $message }
dash-error-INVALID_CONFIG = Not a valid value: { $message }
dash-error-BALANCE_OVERFLOW = That amount goes past the most an account can hold.
dash-error-NOT_REFUNDABLE = That purchase cannot be refunded (refunded already, free, or VIP days).
dash-error-IDEMPOTENCY_CONFLICT = That operation was already made with other details. Nothing was changed.
