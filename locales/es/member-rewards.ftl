# Rewards as a member sees them (SPEC §6) and the notifications the bot sends on its own.
member-rewards-title = 🏆 Tus recompensas
member-rewards-empty = 🏆 Todavía no hay recompensas.
member-rewards-line = { $icon } { $name } · { $prize } · { $state ->
    [locked] { $progress }
    [unlocked] ¡lista para reclamar hasta el { $until }!
    [claimed] conseguida
   *[expired] expirada
  }
member-reward-prize = { $kind ->
    [BESITOS] +{ $value } besitos
    [VIP_DAYS] { $value } días de VIP
    [BADGE] insignia { $badge }
   *[CONTENT] contenido exclusivo
  }
member-btn-claim = 🎁 Reclamar: { $name }
member-rewards-claimed = 🎉 ¡Reclamada! { $prize }
member-rewards-already-claimed = Ya reclamaste esta recompensa.

## Notifications
member-notify-reward = 🎉 ¡Conseguiste la recompensa «{ $name }»! { $prize }
member-notify-reward-manual = 🎁 Desbloqueaste «{ $name }». Reclámala en 🏆 Recompensas antes del { $until }.
member-notify-level = ⭐ ¡Subiste al nivel { $level }!
member-notify-streak = 🔥 Tu racha de { $streak ->
    [one] 1 día
   *[other] { $streak } días
  } está en riesgo: reclama tu regalo diario en las próximas { $wait } (/regalo).
