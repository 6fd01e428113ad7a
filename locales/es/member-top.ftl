# /top (SPEC §9): the leaderboards, the member's own line, the opt-in in settings.
member-top-title = { $board ->
    [week] 🏅 Ranking de esta semana
    [month] 🏅 Ranking de este mes
   *[all] 🏅 Ranking de siempre
  }
member-top-period = Del { $from } al { $to }
member-top-line = { $position }. { $name } — { $score ->
    [one] { $score } besito
   *[other] { $score } besitos
  } · nivel { $level }
member-top-unnamed = (sin nombre)
member-top-empty = Todavía no hay nadie en este ranking.
member-top-me-listed = Tú: #{ $position } de { $outOf } con { $score ->
    [one] { $score } besito
   *[other] { $score } besitos
  }
member-top-me-would = Estarías en el #{ $position } de { $outOf } con { $score ->
    [one] { $score } besito
   *[other] { $score } besitos
  }
member-top-me-behind = — { $gap ->
    [0] empatas con el #{ $ahead }, que llegó antes
    [one] a { $gap } besito del #{ $ahead }
   *[other] a { $gap } besitos del #{ $ahead }
  }
member-top-me-first = — el primer puesto
member-top-me-percent = (top { $percent } %)
member-top-me-none = Aún no tienes besitos en este ranking.
member-top-hidden = No apareces en los rankings. Para aparecer, activa «Rankings» en /ajustes.
member-top-pending = Aparecerás en la próxima actualización.
member-top-as-of = Datos de { $at }
member-top-as-of-none = Los rankings se calculan en unos minutos.
member-btn-board = { $board ->
    [week] Semana
    [month] Mes
   *[all] Siempre
  }

## Settings: appearing on the leaderboards
member-settings-leaderboard = Aparecer en los rankings: { $on ->
    [yes] sí
   *[no] no
  }
member-settings-leaderboard-help = En los rankings otros miembros ven tu nombre y tus besitos; tu propia posición la ves siempre en /ranking.
member-btn-leaderboard = { $on ->
    [yes] 🏅 Rankings: sí
   *[no] 🏅 Rankings: no
  }
member-settings-leaderboard-saved = { $on ->
    [yes] Aparecerás en los rankings desde la próxima actualización.
   *[no] Ya no apareces en los rankings.
  }
