# Administración (SPEC §8): menú /admin, ajustes, productos, contenido, recompensas, miembros, métricas.

admin-menu-title = Panel de administración. ¿Qué quieres revisar?
admin-private-only = Las opciones de administración funcionan solo en el chat privado con el bot.
admin-unknown-button = Ese botón ya no sirve. Abre /admin de nuevo.
admin-flow-expired = Ese paso ya terminó. Abre /admin para empezar de nuevo.
admin-flow-cancelled = Cancelado. No se cambió nada.
admin-flow-left = Dejamos el paso a paso a medias; no se guardó nada.
admin-confirm-or-cancel = Pulsa Confirmar para guardarlo, o Cancelar (/cancelar) para salir.

## Botones
admin-button-settings = ⚙️ Ajustes
admin-button-products = 🛍 Productos
admin-button-content = 🖼 Contenido
admin-button-rewards = 🎁 Recompensas
admin-button-member = 🔎 Buscar miembro
admin-button-metrics = 📊 Métricas
admin-button-back = « Volver
admin-button-menu = « Menú
admin-button-cancel = ✖️ Cancelar
admin-button-confirm = ✅ Confirmar
admin-button-none = Ninguno
admin-button-done = ✅ Listo
admin-button-yes = Sí
admin-button-no = No
admin-button-refresh = 🔄 Actualizar
admin-button-new-product = ➕ Nuevo producto
admin-button-new-content = ➕ Nuevo contenido
admin-button-new-reward = ➕ Nueva recompensa
admin-button-activate = ▶️ Activar #{ $id }
admin-button-deactivate = ⏸ Desactivar #{ $id }
admin-button-delete = 🗑 Borrar #{ $id }
admin-button-delete-confirm = 🗑 Sí, bórrala
admin-button-credit = ➕ Abonar
admin-button-debit = ➖ Cargar
admin-button-grant-vip = 👑 Dar VIP

## Respuestas no válidas (el paso se repite)
admin-invalid-number = Escribe un número entero del { $min } al { $max }.
admin-invalid-or-none = O escribe - (o pulsa Ninguno) para dejarlo sin valor.
admin-invalid-text = Escribe un texto de { $min } a { $max } caracteres.
admin-invalid-choice = Elige una de las opciones con los botones.

## Estados y valores
# $gender: masculine (un producto) o feminine (una recompensa).
admin-state-active = { $gender ->
    [feminine] activa
   *[masculine] activo
  }
admin-state-inactive = { $gender ->
    [feminine] inactiva
   *[masculine] inactivo
  }
admin-role = { $role ->
    [VIP] VIP
    [ADMIN] administrador
   *[other] gratuito
  }
admin-purchase-status = { $status ->
    [REFUNDED] reembolsada
   *[other] entregada
  }
admin-tier-FREE = Para todos
admin-tier-VIP = Solo VIP
admin-days = { $days ->
    [one] { $days } día
   *[other] { $days } días
  }
admin-besitos = { $amount } besitos
admin-vip-days = { $days ->
    [one] { $days } día de VIP
   *[other] { $days } días de VIP
  }
admin-content-ref = contenido #{ $id }

## Ajustes
admin-settings-title = ⚙️ Ajustes de la economía. Pulsa uno para cambiarlo.
admin-settings-line = • { $label }: { $value }
admin-setting-unknown = Ese ajuste no existe.
admin-setting-ask = { $label } ({ $key })
    Valor actual: { $current }
    { $valid }
    Escribe el nuevo valor, o /cancelar para salir.
admin-setting-changed = Listo: { $label } pasó de { $from } a { $to }. Se aplica ya.
admin-valid-number = Válido: un número entero del { $min } al { $max }.
admin-valid-timezone = Válido: una zona horaria IANA, por ejemplo UTC, Europe/Madrid o America/Mexico_City.
admin-valid-emojis = Válido: de 1 a 8 emojis distintos separados por espacios, por ejemplo ❤️ 🔥 💋 😈
admin-valid-formula = Válido: sqrt, linear:100, exponential:100,1.5 o una expresión con total_earned, por ejemplo floor(sqrt(total_earned / 50)) + 1
admin-formula-preview = Vista previa de { $formula }:
    { $rows }
    ¿La guardo? Los niveles de todos se recalculan al momento. También puedes escribir otra fórmula.
admin-formula-preview-row = Nivel { $level }: desde { $from } besitos ganados
admin-setting-economy-timezone = Zona horaria
admin-setting-reactions-emojis = Emojis de reacción
admin-setting-reactions-amount = Besitos por reacción
admin-setting-reactions-cooldown-seconds = Espera entre reacciones (s)
admin-setting-reactions-daily-limit = Reacciones que pagan al día
admin-setting-reactions-refresh-seconds = Refresco de contadores (s)
admin-setting-daily-base = Regalo diario
admin-setting-daily-bonus-per-day = Bono por día de racha
admin-setting-daily-bonus-cap = Tope del bono de racha
admin-setting-daily-reminder-hours-before = Aviso de racha (horas antes)
admin-setting-shop-page-size = Productos por página
admin-setting-rewards-besitos-cap = Tope de besitos por recompensa
admin-setting-rewards-vip-days-cap = Tope de días VIP por recompensa
admin-setting-rewards-manual-claim-window-hours = Plazo para reclamar (horas)
admin-setting-levels-formula = Fórmula de niveles
admin-setting-leaderboard-refresh-seconds = Refresco de clasificaciones y métricas (s)

## Contenido
admin-content-title = 🖼 Contenido (lo que entregan los productos y recompensas)
admin-content-empty = Todavía no hay contenido.
admin-content-line = #{ $id } { $name } · { $items ->
    [one] { $items } archivo
   *[other] { $items } archivos
  }
admin-content-ask-name = ¿Cómo se llama este contenido? (hasta { $max } caracteres)
admin-content-ask-items = Ahora envíame o reenvíame las fotos, vídeos, documentos, audios o GIF (hasta { $max }). Cuando termines, escribe /listo.
admin-content-added = Guardado ({ $count }/{ $max }). Envía más o escribe /listo.
admin-content-not-media = Eso no lo puedo guardar: envía una foto, vídeo, documento, audio o GIF. Escribe /listo para terminar o /cancelar para salir.
admin-content-need-one = Envía al menos un archivo antes de /listo.
admin-content-full = Ya tienes { $max } archivos, el máximo. Escribe /listo para guardar.
admin-content-created = Contenido #{ $id } «{ $name }» guardado con { $items ->
    [one] { $items } archivo
   *[other] { $items } archivos
  }.

## Productos
admin-products-title = 🛍 Productos
admin-products-empty = Todavía no hay productos.
admin-product-line = #{ $id } { $name } · { $kind } · { $price } (VIP { $vipPrice }) · { $tier } · { $state } · existencias { $stock } · vendidos { $sold }
admin-product-kind-CONTENT = Contenido
admin-product-kind-VIP_DAYS = Días de VIP
admin-product-ask-name = Nuevo producto. ¿Cómo se llama? (hasta { $max } caracteres)
admin-product-ask-description = Escribe la descripción (hasta { $max } caracteres), o - para dejarla vacía.
admin-product-ask-kind = ¿Qué se vende?
admin-product-ask-set = ¿Qué contenido entrega?
admin-product-no-content = Primero crea un contenido (fotos, vídeos…) para poder venderlo.
admin-product-ask-days = ¿Cuántos días de VIP da? (del 1 al { $max })
admin-product-ask-price = ¿Cuánto cuesta en besitos? (del 0 al { $max }; 0 es gratis)
admin-product-ask-vip = Precio para VIP: un número (hasta { $price }), un descuento como 20%, o - para el mismo precio.
admin-product-invalid-vip = Escribe un precio VIP del 0 al { $price }, un porcentaje del 0% al 100%, o - para ninguno.
admin-product-ask-tier = ¿Quién puede comprarlo?
admin-product-ask-stock = ¿Cuántas unidades hay? (del 0 al { $max }), o - para ilimitadas.
admin-product-ask-limit = ¿Cuántas puede tener cada miembro? (del 1 al { $max }), o - sin límite.
admin-product-summary = Revisa el producto:
    { $name } — { $description }
    { $kind }: { $what }
    Precio: { $price } · VIP: { $vip }
    { $tier } · existencias { $stock } · límite por miembro { $limit }
admin-product-created = Producto #{ $id } «{ $name }» creado y activo.

## Recompensas
admin-rewards-title = 🎁 Recompensas
admin-rewards-empty = Todavía no hay recompensas.
admin-reward-line = #{ $id } { $name } → { $what } ({ $state })
    { $conditions }
admin-conditions-all = Todas: { $list }
admin-conditions-any = Grupo { $group }, alguna: { $list }
admin-reward-kind-BESITOS = Besitos
admin-reward-kind-CONTENT = Contenido
admin-reward-kind-BADGE = Insignia
admin-reward-kind-VIP_DAYS = Días de VIP
admin-condition-STREAK_LENGTH = Racha de regalos
admin-condition-REACTION_STREAK = Racha de reacciones
admin-condition-TOTAL_EARNED = Besitos ganados
admin-condition-LEVEL = Nivel
admin-condition-TOTAL_SPENT = Besitos gastados
admin-condition-FIRST_PURCHASE = Primera compra
admin-condition-FIRST_DAILY_GIFT = Primer regalo diario
admin-condition-FIRST_REACTION = Primera reacción
admin-condition-NOT_VIP = No es VIP
admin-condition-NOT_CLAIMED_BEFORE = No la reclamó antes
admin-reward-state-locked = bloqueada
admin-reward-state-unlocked = desbloqueada
admin-reward-state-claimed = reclamada
admin-reward-state-expired = caducada
admin-reward-mode-auto = Se entrega sola
admin-reward-mode-manual = El miembro la reclama
admin-reward-once = Una vez
admin-reward-repeatable = Repetible
admin-reward-ask-name = Nueva recompensa. ¿Cómo se llama? (hasta { $max } caracteres)
admin-reward-ask-description = Escribe la descripción (hasta { $max } caracteres), o - para dejarla vacía.
admin-reward-ask-kind = ¿Qué da?
admin-reward-ask-amount = ¿Cuántos besitos? (del { $min } al { $max }; al entregarla se aplica el tope del ajuste)
admin-reward-ask-days = ¿Cuántos días de VIP? (del { $min } al { $max }; al entregarla se aplica el tope del ajuste)
admin-reward-ask-badge-name = Nombre de la insignia (hasta { $max } caracteres)
admin-reward-ask-badge-emoji = Emoji de la insignia
admin-reward-ask-condition = Condiciones ({ $count }/{ $max }). Elige una condición para añadirla{ $count ->
    [0] .
   *[other] , o pulsa Listo.
  }
admin-reward-ask-condition-value = { $condition }: ¿a partir de cuánto? (del { $min } al { $max })
admin-reward-ask-group = ¿En qué grupo? 0 = debe cumplirse siempre; 1, 2, … = basta una condición de ese grupo. (del { $min } al { $max })
admin-reward-ask-repeatable = ¿Se gana una vez o se repite?
admin-reward-ask-cooldown = ¿Cuántas horas entre una vez y la siguiente? (del { $min } al { $max })
admin-reward-ask-max-claims = ¿Cuántas veces como máximo por miembro? (del { $min } al { $max }), o - sin máximo.
admin-reward-ask-secret = ¿Es secreta? (solo se ve al desbloquearla)
admin-reward-ask-claim-mode = ¿Cómo se entrega?
admin-reward-ask-window = ¿Cuántas horas tiene para reclamarla? (del { $min } al { $max }), o - para usar el ajuste general.
admin-reward-summary = Revisa la recompensa:
    { $name } → { $what }
    { $conditions }
    { $repeat } · secreta: { $secret } · { $mode }
admin-reward-created = Recompensa #{ $id } «{ $name }» creada y activa.
admin-reward-delete-ask = ¿Borrar la recompensa #{ $id } «{ $name }»? Quien ya la ganó la conserva en su historial.

## Miembros
admin-member-ask = Escribe el id de Telegram o el @usuario del miembro.
admin-member-not-found = No encontré a nadie como «{ $query }».
admin-member-title = 👤 { $name } · { $username } · id { $id }
admin-member-profile = Saldo: { $balance } · ganados: { $earned } · gastados: { $spent }
    Nivel { $level } · rol { $role } · VIP hasta: { $vip }
admin-member-streaks = Racha de regalos: { $daily } (récord { $dailyLongest }) · racha de reacciones: { $reaction } (récord { $reactionLongest })
admin-member-rewards = 🎁 Recompensas conseguidas: { $count }
admin-member-reward-row = • { $name } ({ $state }, { $claims ->
    [one] una vez
   *[other] { $claims } veces
  })
admin-member-purchases = 🛍 Últimas compras: { $count }
admin-member-purchase-row = • #{ $id } { $name } · { $price } · { $status } · { $at }
admin-member-history = 📜 Últimos movimientos ({ $count } de { $total }):
admin-member-history-row = • { $at } { $amount } { $type } — { $reason }
admin-member-ask-credit = ¿Cuántos besitos abonas al miembro { $id }? (del 1 al { $max })
admin-member-ask-debit = ¿Cuántos besitos cargas al miembro { $id }? (del 1 al { $max })
admin-member-ask-reason = ¿Por qué? (queda en el historial; hasta { $max } caracteres)
admin-member-credit-done = Abonados { $amount } besitos al miembro { $id }. Saldo ahora: { $balance }.
admin-member-debit-done = Cargados { $amount } besitos al miembro { $id }. Saldo ahora: { $balance }.
admin-member-ask-vip = ¿Cuántos días de VIP das al miembro { $id }? (del 1 al { $max })
admin-member-debit-short = El miembro { $id } solo tiene { $balance } besitos: no se le pueden cargar { $amount }. No se movió nada.
admin-member-vip-done = El miembro { $id } tiene { $days ->
    [one] un día
   *[other] { $days } días
  } más de VIP: hasta { $until } (rol { $role }).

## Métricas
admin-metrics = 📊 Métricas
    Datos de las { $asOf }
    Besitos en circulación: { $circulation }
    Ganados en total: { $earned } · gastados: { $spent }
    Miembros: { $members } · con perfil: { $profiles }
    Activos: { $active30 } en 30 días · { $active7 } en 7 días
    Últimos { $days } días: entran { $faucets } · salen { $sinks } · reembolsos { $refunds }
    Movimientos: { $movements }
    Saldo medio: { NUMBER($mean, maximumFractionDigits: 2) } · mediana: { NUMBER($median, maximumFractionDigits: 2) }
    Desigualdad (Gini, 0 a 1): { NUMBER($gini, minimumFractionDigits: 2, maximumFractionDigits: 2) }
    Miembros por nivel: { $levels }
    Productos activos: { $products } de { $productsTotal } · ventas: { $sold }
    Recompensas activas: { $rewards } de { $rewardsTotal }

    🏆 Más besitos:
    { $holders }
admin-metrics-level = nivel { $level } ({ $members })
admin-metrics-levels-more = { $count ->
        [one] y un nivel más
       *[other] y { $count } niveles más
    }
admin-metrics-holder = { $rank }. { $name }: { $balance }
admin-metrics-holders-none = Nadie tiene besitos todavía.
admin-metrics-none = ninguno

## Ajustes rechazados: qué regla se rompió (el detalle del motor), seguido de lo que vale.
admin-setting-refused = { $problem ->
    [type] { $expected ->
        [number] Eso no es un número.
        [integer] Tiene que ser un número entero, sin decimales.
        [list] Eso no es una lista de emojis.
        [formula] Eso no es una fórmula.
       *[other] Ese tipo de valor no sirve aquí.
      }
    [too_small] { $of ->
        [count] Hacen falta al menos { $min }.
        [length] Es demasiado corto: al menos { $min } caracteres.
       *[value] Es demasiado pequeño: el mínimo es { $min }.
      }
    [too_big] { $of ->
        [count] Son demasiados: como máximo { $max }.
        [length] Es demasiado largo: como máximo { $max } caracteres.
       *[value] Es demasiado grande: el máximo es { $max }.
      }
    [not_timezone] No conozco esa zona horaria.
    [not_distinct] Hay emojis repetidos.
   *[other] Ese valor no es válido.
  }
admin-formula-invalid = Esa fórmula no es válida{ $column ->
    [0] .
   *[other] (mira la posición { $column }).
  }
admin-formula-sqrt = raíz cuadrada (sqrt)
admin-formula-linear = lineal, un nivel cada { $step } besitos
admin-formula-exponential = exponencial (base { $base }, factor { $factor })

## Motivo de un movimiento, según su tipo (no el texto guardado en inglés)
admin-reason-reaction = reacción { $emoji }
admin-reason-streak = racha de { $streak ->
    [one] { $streak } día
   *[other] { $streak } días
  }
admin-reason-refund = devolución de la compra #{ $purchase }
admin-reason-typed = «{ $reason }»
