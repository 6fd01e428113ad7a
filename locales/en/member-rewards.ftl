# Rewards as a member sees them (SPEC §6) and the notifications the bot sends on its own.
member-rewards-title = 🏆 Your rewards
member-rewards-empty = 🏆 No rewards yet.
member-rewards-line = { $icon } { $name } · { $prize } · { $state ->
    [locked] { $progress }
    [unlocked] ready to claim until { $until }!
    [claimed] earned
   *[expired] expired
  }
member-reward-prize = { $kind ->
    [BESITOS] +{ $value } besitos
    [VIP_DAYS] { $value } days of VIP
    [BADGE] badge { $badge }
   *[CONTENT] exclusive content
  }
member-btn-claim = 🎁 Claim: { $name }
member-rewards-claimed = 🎉 Claimed! { $prize }
member-rewards-already-claimed = You already claimed this reward.

## Notifications
member-notify-reward = 🎉 You earned the reward “{ $name }”! { $prize }
member-notify-reward-manual = 🎁 You unlocked “{ $name }”. Claim it in 🏆 Rewards before { $until }.
member-notify-level = ⭐ You reached level { $level }!
member-notify-streak = 🔥 Your { $streak ->
    [one] 1-day
   *[other] { $streak }-day
  } streak is at risk: claim your daily gift within { $wait } (/daily).
