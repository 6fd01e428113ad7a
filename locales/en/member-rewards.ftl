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
    [VIP_DAYS] { $value ->
        [one] 1 day of VIP
       *[other] { $value } days of VIP
      }
    [BADGE] badge { $badge }
   *[CONTENT] exclusive content
  }
member-btn-claim = 🎁 Claim: { $name }
member-rewards-claimed = 🎉 Claimed! { $prize }
member-rewards-already-claimed = You already claimed this reward.
member-rewards-claimed-content = 🎉 Claimed! We are sending you the content here in the chat.
member-rewards-claimed-content-failed = 🎉 Claimed! We could not send you the content now: tap “Send again” later.
member-btn-reward-resend = 📤 Send again: { $name }
member-rewards-resending = 📤 Sending it to you again…
member-rewards-resend-failed = We could not send it now. Please try again later.

## Notifications
member-notify-reward = 🎉 You earned the reward “{ $name }”! { $prize }
member-notify-reward-content = 🎉 You earned the reward “{ $name }”! We are sending you the content right here; if it does not arrive, ask for it again in 🏆 Rewards.
member-notify-reward-manual = 🎁 You unlocked “{ $name }”. Claim it in 🏆 Rewards before { $until }.
member-notify-level = ⭐ You reached level { $level }!
member-notify-streak = 🔥 Your { $streak ->
    [one] 1-day
   *[other] { $streak }-day
  } streak is at risk: claim your daily gift within { $wait } (/daily).
