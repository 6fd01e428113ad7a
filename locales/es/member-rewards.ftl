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
    [VIP_DAYS] { $value ->
        [one] 1 día de VIP
       *[other] { $value } días de VIP
      }
    [BADGE] insignia { $badge }
   *[CONTENT] contenido exclusivo
  }
member-btn-claim = 🎁 Reclamar: { $name }
member-rewards-claimed = 🎉 ¡Reclamada! { $prize }
member-rewards-already-claimed = Ya reclamaste esta recompensa.
member-rewards-claimed-content = 🎉 ¡Reclamada! Te enviamos el contenido aquí en el chat.
member-rewards-claimed-content-failed = 🎉 ¡Reclamada! No pudimos enviarte el contenido ahora: pulsa «Enviar de nuevo» más tarde.
member-btn-reward-resend = 📤 Enviar de nuevo: { $name }
member-rewards-resending = 📤 Te lo envío otra vez…
member-rewards-resend-failed = No pudimos enviarlo ahora. Inténtalo más tarde.

## Notifications
member-notify-reward = 🎉 ¡Conseguiste la recompensa «{ $name }»! { $prize }
member-notify-reward-content = 🎉 ¡Conseguiste la recompensa «{ $name }»! Te enviamos el contenido aquí mismo; si no te llega, pídelo de nuevo en 🏆 Recompensas.
member-notify-reward-manual = 🎁 Desbloqueaste «{ $name }». Reclámala en 🏆 Recompensas antes del { $until }.
member-notify-level = ⭐ ¡Subiste al nivel { $level }!
member-notify-streak = 🔥 Tu racha de { $streak ->
    [one] 1 día
   *[other] { $streak } días
  } está en riesgo: reclama tu regalo diario en las próximas { $wait } (/regalo).
