# The web dashboard (issue 13): what an admin reads in the browser. Spanish first.

## Navigation and the page shell
dash-nav-label = Secciones
dash-nav-overview = Resumen
dash-nav-members = Miembros
dash-nav-settings = Ajustes
dash-nav-shop = Tienda
dash-nav-rewards = Recompensas
dash-nav-leaderboards = Clasificaciones
dash-nav-audit = Registro
dash-admin = Admin { $id }
dash-logout = Cerrar sesión
dash-session-over = Tu sesión terminó. Vuelve a entrar.
dash-csrf-refused = Este formulario no vale (caducó o no salió de esta página). Recarga la página y vuelve a intentarlo.

## Logging in
dash-login-title = Entrar en besitos
dash-login-token = Token de administración
dash-login-submit = Entrar
dash-login-token-hint = ¿Sin token? Créalo en el bot (/admin → 🔑) o en el terminal:
dash-login-link = Este enlace de un solo uso te da acceso como administración de la economía. Solo funciona una vez.
dash-login-refused = Ese token o enlace no vale: ya se usó, caducó o nunca fue válido.
dash-login-too-many = Demasiados intentos fallidos. Prueba otra vez en { $seconds } s.
dash-setup-title = Configurar besitos
dash-setup-intro = Esta economía aún no tiene administración. Escribe tu id numérico de Telegram: pasarás a ser su primera persona administradora y entrarás. Este enlace solo funciona una vez.
dash-setup-id = Tu id numérico de Telegram
dash-setup-id-hint = Un número como 123456789, no tu @usuario. Para saberlo, escribe a @userinfobot en Telegram: te responde con tu id.
dash-setup-submit = Hacerme administración
dash-setup-bad-id = Eso no es un id de Telegram: escribe solo las cifras de tu id numérico.
dash-setup-refused = Este enlace de configuración no vale: ya se usó, caducó o es de un arranque anterior. Arranca besitos otra vez para tener uno nuevo.
dash-setup-done-already = Esta economía ya tiene administración. Entra con un token o con el enlace que se muestra al arrancar.

## Notices after a change
dash-ok-credited = Besitos abonados.
dash-ok-debited = Besitos retirados.
dash-ok-vip-granted = Días de VIP concedidos.
dash-ok-setting-saved = Ajuste guardado.
dash-ok-product-created = Producto creado.
dash-ok-product-updated = Producto guardado.
dash-ok-content-set-renamed = Set de contenido renombrado.
dash-ok-reward-created = Recompensa creada.
dash-ok-reward-updated = Recompensa guardada.
dash-ok-switched-on = Activado.
dash-ok-switched-off = Desactivado.
dash-ok-refunded = Compra reembolsada.
dash-ok-logged-out = Sesión cerrada.

## Words used on several pages
dash-besitos = besitos
dash-balance = Saldo
dash-balance-after = Saldo después
dash-earned = Ganado
dash-spent = Gastado
dash-level = Nivel
dash-level-n = Nivel { $level }
dash-member = Miembro
dash-when = Cuándo
dash-type = Tipo
dash-detail = Detalle
dash-amount = Cantidad
dash-reason = Motivo
dash-who = Quién
dash-name = Nombre
dash-description = Descripción
dash-kind = Clase
dash-price = Precio
dash-state = Estado
dash-status = Estado
dash-value = Valor
dash-show = Mostrar
dash-save = Guardar
dash-edit = Editar
dash-rename = Renombrar
dash-create = Crear
dash-apply = Aplicar
dash-find = Buscar
dash-empty = Nada por aquí todavía.
dash-newer = Más recientes
dash-older = Más antiguos
dash-newest = Lo más reciente
dash-on = { $gender ->
    [feminine] Activa
   *[masculine] Activo
  }
dash-off = { $gender ->
    [feminine] Inactiva
   *[masculine] Inactivo
  }
dash-switch-on = Activar
dash-switch-off = Desactivar
dash-and = y
dash-or = o
dash-rank = Puesto
dash-role = { $role ->
    [ADMIN] administración
    [VIP] VIP
   *[FREE] gratis
  }
dash-by-admin = admin { $id }
dash-by-reward = recompensa { $id }
dash-by-job = tarea diaria
dash-by-shop = tienda
dash-by-config = configuración
dash-by-operator = operador ({ $by })

## Overview
dash-days = Periodo
dash-last-days = Últimos { $days } días
dash-as-of = Datos de { $time } ({ $zone })
dash-not-yet = Las cifras aparecen tras el primer cálculo (en unos segundos, con el servidor en marcha).
dash-circulation = En circulación
dash-members-all = Miembros
dash-members-profiles = Con saldo
dash-members-count = Miembros
dash-of-members = de { $members } miembros
dash-active-7 = Activos 7 días
dash-active-30 = Activos 30 días
dash-active-30-hint = { $n } en 30 días
dash-mean-median = Saldo medio / mediano
dash-gini = Gini
dash-gini-hint = 0 = todos igual, 1 = uno lo tiene todo
dash-transactions = Movimientos
dash-chart-circulation = Besitos en circulación al final de cada día
dash-chart-flows = Entradas (arriba) y salidas (abajo) por día y tipo
dash-chart-active = Miembros activos
dash-chart-levels = Miembros por nivel
dash-chart-holders = Mayores saldos · Gini { $gini }
dash-top-holders = Mayores saldos

## Members
dash-member-search = Miembro
dash-member-search-placeholder = id de Telegram o @usuario
dash-member-search-hint = Busca por id de Telegram (solo cifras) o por @usuario.
dash-member-not-found = No hay ningún miembro «{ $ref }».
dash-member-title = Miembro { $name }
dash-member-unnamed = Sin nombre
dash-member-id = id { $id }
dash-vip-until = VIP hasta { $time }
dash-unreachable = no ha abierto el bot
dash-level-missing = faltan { $missing } para el nivel { $next }
dash-daily-streak = Racha de regalo diario
dash-reaction-streak = Racha de reacciones
dash-longest = récord { $n }
dash-credit-debit = Abonar o retirar
dash-direction = Operación
dash-credit = Abonar
dash-debit = Retirar
dash-vip-days = Días de VIP
dash-grant-vip = Dar VIP
dash-chart-member = Últimos { $days } días: ganado, gastado y saldo
dash-history = Historial
dash-history-total = { $total ->
    [one] 1 movimiento
   *[other] { $total } movimientos
  }
dash-all-types = Todos los tipos
dash-no-movements = Sin movimientos.
dash-refund-of = reembolso del movimiento { $id }
dash-purchases = Compras
dash-product = Producto
dash-purchase-status = { $status ->
    [REFUNDED] reembolsada
   *[COMPLETED] completada
  }
dash-reward = Recompensa
dash-reward-state = { $state ->
    [unlocked] desbloqueada
    [claimed] reclamada
    [expired] caducada
   *[locked] bloqueada
  }
dash-progress = Progreso

## Settings
dash-setting = Ajuste
dash-setting-unknown = Ese ajuste no existe.
dash-setting-economy-timezone = Zona horaria del día de la economía
dash-setting-reactions-emojis = Emojis de reacción (1 a 8)
dash-setting-reactions-amount = Besitos por reacción
dash-setting-reactions-cooldown-seconds = Espera entre reacciones (segundos)
dash-setting-reactions-daily-limit = Reacciones que cuentan al día
dash-setting-reactions-refresh-seconds = Actualizar contadores cada (segundos)
dash-setting-daily-base = Regalo diario
dash-setting-daily-bonus-per-day = Extra por día de racha
dash-setting-daily-bonus-cap = Extra máximo por racha
dash-setting-daily-reminder-hours-before = Aviso de racha en peligro (horas antes)
dash-setting-shop-page-size = Productos por página en el bot
dash-setting-rewards-besitos-cap = Máximo de besitos por recompensa
dash-setting-rewards-vip-days-cap = Máximo de días de VIP por recompensa
dash-setting-rewards-manual-claim-window-hours = Plazo para reclamar (horas)
dash-setting-levels-formula = Fórmula de niveles
dash-formula = Fórmula
dash-formula-help = sqrt (raíz cuadrada), linear:100 (un nivel cada 100), exponential:100,1.5 o una expresión sobre total_earned, p. ej. floor(total_earned / 250) + 1.
dash-formula-invalid = Esa fórmula no es válida.
dash-preview = Vista previa
dash-level-from = Desde (ganado)

## Shop
dash-products = Productos
dash-product-new = Nuevo producto
dash-product-vip-days = { $days ->
    [one] 1 día de VIP
   *[other] { $days } días de VIP
  }
dash-product-content = Contenido: { $set }
dash-kind-content = Contenido
dash-kind-vip-days = Días de VIP
dash-tier-label = Para
dash-tier = { $tier ->
    [VIP] solo VIP
   *[FREE] todos
  }
dash-stock = Existencias
dash-sold = Vendidos
dash-content-set = Set de contenido
dash-content-sets = Sets de contenido
dash-content-sets-hint = Los sets se crean en el bot (/admin), donde están los archivos.
dash-items = Archivos
dash-updated = Actualizado
dash-vip-discount = Descuento VIP (%)
dash-per-member-limit = Límite por miembro
dash-vip-only = Solo para VIP
dash-refund = Reembolsar

## Rewards
dash-reward-new = Nueva recompensa
dash-gives = Da
dash-gives-besitos = { $amount } besitos
dash-gives-vip-days = { $days ->
    [one] 1 día de VIP
   *[other] { $days } días de VIP
  }
dash-gives-badge = insignia { $badge }
dash-gives-content = contenido: { $set }
dash-conditions = Condiciones
dash-condition = { $type ->
    [STREAK_LENGTH] racha diaria ≥ { $value }
    [REACTION_STREAK] racha de reacciones ≥ { $value }
    [TOTAL_EARNED] ganado ≥ { $value }
    [LEVEL] nivel ≥ { $value }
    [TOTAL_SPENT] gastado ≥ { $value }
    [FIRST_PURCHASE] primera compra
    [FIRST_DAILY_GIFT] primer regalo diario
    [FIRST_REACTION] primera reacción
    [NOT_VIP] no es VIP
   *[NOT_CLAIMED_BEFORE] nunca reclamada
  }
dash-condition-type-name = { $type ->
    [STREAK_LENGTH] Racha diaria ≥
    [REACTION_STREAK] Racha de reacciones ≥
    [TOTAL_EARNED] Ganado ≥
    [LEVEL] Nivel ≥
    [TOTAL_SPENT] Gastado ≥
    [FIRST_PURCHASE] Primera compra
    [FIRST_DAILY_GIFT] Primer regalo diario
    [FIRST_REACTION] Primera reacción
    [NOT_VIP] No es VIP
   *[NOT_CLAIMED_BEFORE] Nunca reclamada
  }
dash-condition-n = Condición { $n }
dash-condition-type = Tipo de condición
dash-group = Grupo
dash-group-all = Siempre (todas)
dash-group-any = Grupo { $n } (una basta)
dash-repeats = Se repite
dash-repeatable = cada { $hours } h
dash-once = una vez
dash-claim = Entrega
dash-claim-mode = { $mode ->
    [manual] la reclama el miembro
   *[auto] automática
  }
dash-granted = Concedida
dash-secret = secreta
dash-reward-kind = { $kind ->
    [CONTENT] Contenido
    [BADGE] Insignia
    [VIP_DAYS] Días de VIP
   *[BESITOS] Besitos
  }
dash-reward-value = Besitos o días
dash-badge = Insignia
dash-badge-emoji = Emoji de la insignia
dash-repeatable-label = Se puede repetir
dash-cooldown-hours = Horas entre repeticiones
dash-manual-label = La reclama el miembro (si no, se da sola)
dash-secret-label = Secreta hasta desbloquearla

## Leaderboards
dash-board = { $board ->
    [week] Esta semana
    [month] Este mes
   *[all] Siempre
  }
dash-board-chart = { $board ->
    [week] Besitos ganados esta semana
    [month] Besitos ganados este mes
   *[all] Besitos ganados en total
  }
dash-board-period = Del { $from } al { $to }.
dash-board-members = { $members ->
    [one] 1 miembro en la clasificación
   *[other] { $members } miembros en la clasificación
  }
dash-board-opt-in = Solo aparece quien lo eligió en el bot; los empates, por quien llegó antes.
dash-board-empty = Nadie en esta clasificación todavía.
dash-board-up = Puestos de arriba
dash-board-down = Puestos de abajo
dash-setting-leaderboard-refresh-seconds = Recalcular clasificaciones y cifras cada (segundos)

dash-board-place = Clasificación general
dash-board-place-hint = { $listed ->
    [yes] de { $outOf }
    [soon] de { $outOf }; aparecerá en el próximo cálculo
   *[no] de { $outOf } si lo eligiera; no aparece
  }

## Audit log
dash-audit-settings = Ajustes
dash-audit-roles = Roles
dash-audit-movements = Abonos y retiradas
dash-old-value = Antes
dash-new-value = Después
dash-change = Cambio
dash-vip-expiry = VIP hasta

## Refusals, as an admin reads them
dash-error-other = No se pudo hacer ({ $code }): { $message }
dash-error-INVALID_INPUT = Dato no válido: { $message }
dash-error-INVALID_AMOUNT = La cantidad debe ser un número entero de 1 a 1.000.000.000.
dash-error-INSUFFICIENT_FUNDS = No hay saldo suficiente: tiene { $balance } y se piden { $amount }.
dash-error-UNKNOWN_MEMBER = Ese miembro aún no tiene besitos.
dash-error-FORBIDDEN = Solo la administración puede hacer esto.
dash-error-NOT_FOUND = No existe.
dash-error-INVALID_FORMULA = La fórmula no es válida: { $message }
dash-error-INVALID_CONFIG = Valor no válido: { $message }
dash-error-BALANCE_OVERFLOW = Esa cantidad supera lo máximo que puede tener una cuenta.
dash-error-NOT_REFUNDABLE = Esa compra no se puede reembolsar (ya reembolsada, gratis o de días de VIP).
dash-error-IDEMPOTENCY_CONFLICT = Esa operación ya se hizo con otros datos. No se cambió nada.
