# /top (SPEC §9): the leaderboards, the member's own line, the opt-in in settings.
member-top-title = { $board ->
    [week] 🏅 This week's leaderboard
    [month] 🏅 This month's leaderboard
   *[all] 🏅 All-time leaderboard
  }
member-top-period = { $from } to { $to }
member-top-line = { $position }. { $name } — { $score ->
    [one] { $score } besito
   *[other] { $score } besitos
  } · level { $level }
member-top-unnamed = (no name)
member-top-empty = Nobody on this board yet.
member-top-me-listed = You: #{ $position } of { $outOf } with { $score ->
    [one] { $score } besito
   *[other] { $score } besitos
  }
member-top-me-would = You would be #{ $position } of { $outOf } with { $score ->
    [one] { $score } besito
   *[other] { $score } besitos
  }
member-top-me-behind = — { $gap ->
    [0] tied with #{ $ahead }, who got there first
    [one] { $gap } besito behind #{ $ahead }
   *[other] { $gap } besitos behind #{ $ahead }
  }
member-top-me-first = — first place
member-top-me-percent = (top { $percent }%)
member-top-me-none = You have no besitos on this board yet.
member-top-hidden = You are not shown on the leaderboards. To appear, turn on "Leaderboards" in /settings.
member-top-pending = You will appear from the next update.
member-top-as-of = As of { $at }
member-top-as-of-none = The leaderboards are worked out in a few minutes.
member-btn-board = { $board ->
    [week] Week
    [month] Month
   *[all] All time
  }

## Settings: appearing on the leaderboards
member-settings-leaderboard = Show me on the leaderboards: { $on ->
    [yes] yes
   *[no] no
  }
member-settings-leaderboard-help = On the leaderboards other members see your name and besitos; you always see your own place with /top.
member-btn-leaderboard = { $on ->
    [yes] 🏅 Leaderboards: yes
   *[no] 🏅 Leaderboards: no
  }
member-settings-leaderboard-saved = { $on ->
    [yes] You will appear on the leaderboards from the next update.
   *[no] You are no longer on the leaderboards.
  }
