# VIP channel access (SPEC §7): the member's link, reminders, the end of VIP; the admins' warning.

vip-invite = 🔑 You're VIP until { $until }! Join the VIP channel “{ $channel }” with this link (it works once, for you only):
    { $link }
vip-extended = ✨ Your VIP was extended until { $until }. You're still in the VIP channel “{ $channel }”.
vip-reminder = ⏳ Your VIP ends { $days ->
    [one] tomorrow
   *[other] in { $days } days
  } ({ $until }). To keep the VIP channel, buy VIP days in the 🛍 Shop (/start).
vip-ended = 🔒 Your VIP ended and you left the VIP channel. To come back, buy VIP days in the 🛍 Shop (/start) or earn them with rewards; we'll send you a new link.
vip-channel-fallback = VIP channel
vip-admin-missing-right = ⚠️ I can't manage access to the VIP channel “{ $channel }”: I'm missing the admin right “{ $right ->
    [invite] Invite users via link
   *[ban] Ban users
  }”. Make me an admin of the channel with that right; whatever is pending will then be done on its own.
