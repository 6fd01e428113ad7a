# Members in a private chat (SPEC §1, §2, §4): the main menu, daily gift, history, settings, help.

## Main menu text
member-home-title = ¡Hola, { $name }! 💋
member-home-balance = 💰 Saldo: { $balance } besitos
member-home-level = ⭐ Nivel { $level }
member-home-progress = { $bar } { $percent } % · te faltan { $missing } besitos para el nivel { $next }
member-home-progress-max = { $bar } ¡Nivel máximo!
member-home-daily-streak = 🎁 Racha del regalo diario: { $streak ->
    [one] 1 día
   *[other] { $streak } días
  }
member-home-reaction-streak = ❤️ Racha de reacciones: { $streak ->
    [one] 1 día
   *[other] { $streak } días
  }
member-home-gift-ready = 🎁 Tu regalo diario ya está disponible: +{ $base } besitos + { $bonus } de racha.
member-home-gift-wait = ⏳ Próximo regalo diario en { $wait }.
member-home-hint = Elige una opción:
member-someone = amigo

## Main menu buttons
member-btn-daily = 🎁 Regalo diario
member-btn-history = 📜 Historial
member-btn-shop = 🛍 Tienda
member-btn-purchases = 📦 Mis compras
member-btn-rewards = 🏆 Recompensas
member-btn-settings = ⚙️ Ajustes
member-btn-menu = ⬅️ Menú
member-btn-back = ⬅️ Volver
member-btn-prev = ◀️ Anterior
member-btn-next = Siguiente ▶️
member-btn-first = ⏮ Inicio
member-menu-outdated = Este menú estaba desactualizado; aquí tienes el actual.

## Daily gift
member-daily-claimed = { $bonus ->
    [0] +{ $base } besitos (racha { $streak })
   *[other] +{ $base } besitos + { $bonus } de racha (racha { $streak })
  }
member-daily-claimed-balance = Ahora tienes { $balance } besitos. Vuelve mañana para seguir tu racha.

## Balance
member-balance = 💰 Tienes { $balance } besitos · nivel { $level }.
member-balance-totals = Ganados en total: { $earned } · gastados: { $spent }

## History
member-history-title = 📜 Tu historial · página { $page } de { $pages }
member-history-empty = 📜 Todavía no tienes movimientos. Reacciona a las publicaciones o reclama tu regalo diario para ganar besitos.
member-history-line = { $date } · { $type }: { $amount } (saldo { $balance })

## Settings
member-settings-title = ⚙️ Ajustes
member-settings-language = Idioma: { $language ->
    [es] Español
    [en] English
   *[auto] automático (el de tu Telegram)
  }
member-settings-reminders = Recordatorios de racha: { $on ->
    [yes] activados
   *[no] desactivados
  }
member-settings-reminders-help = Con los recordatorios activados te avisamos unas horas antes de que se pierda tu racha del regalo diario.
member-btn-lang-es = Español
member-btn-lang-en = English
member-btn-lang-auto = Automático
member-btn-reminders = { $on ->
    [yes] 🔔 Recordatorios: sí
   *[no] 🔕 Recordatorios: no
  }
member-settings-language-saved = Idioma guardado.
member-settings-reminders-saved = { $on ->
    [yes] Recordatorios activados.
   *[no] Recordatorios desactivados.
  }

## Help
member-help =
    💋 besitos: gana besitos reaccionando a las publicaciones de los canales y con tu regalo diario, y gástalos en la tienda.

    /start o /menu: menú principal
    /regalo: reclamar el regalo diario
    /saldo: tu saldo y nivel
    /historial: tus movimientos
    /tienda: la tienda
    /compras: tus compras
    /recompensas: tus recompensas
    /ranking: el ranking de besitos
    /idioma: idioma y recordatorios
    /ayuda: esta ayuda

# An admin gave or took besitos: what moved, why (the admin's own words) and the balance.
# $why is member-notify-admin-reason followed by a space, or nothing when no reason was given.
member-notify-admin-reason = Motivo: { $reason }.
member-notify-admin-credit = 💝 Un administrador te dio { $amount ->
    [one] { $amount } besito
   *[other] { $amount } besitos
}. { $why }Saldo: { $balance } besitos.
member-notify-admin-debit = ➖ Un administrador te descontó { $amount ->
    [one] { $amount } besito
   *[other] { $amount } besitos
}. { $why }Saldo: { $balance } besitos.

# Hints for what no feature answered in a private chat (an unknown command, free text, a sticker).
hint-unknown-command = No conozco ese comando. Escribe /ayuda para ver lo que puedo hacer.
hint-free-text = No sé qué hacer con eso 🙈 Usa los botones del menú (/start) o escribe /ayuda.
hint-no-flow = No hay nada en curso que cancelar o terminar. Escribe /ayuda para ver lo que puedo hacer.
