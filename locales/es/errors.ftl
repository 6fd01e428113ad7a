# Refusals (SPEC §12): one message per error code, with the error's details as variables.
error-internal = Lo sentimos, algo salió mal. Inténtalo de nuevo en un momento.
error-refused = No se pudo hacer.
error-rate-limited = Vas muy rápido. Espera unos segundos y vuelve a intentarlo.
error-INVALID_INPUT = Eso no es válido: { $message }
error-INVALID_AMOUNT = La cantidad debe ser un número entero entre 1 y 1.000.000.000.
error-INSUFFICIENT_FUNDS = No tienes besitos suficientes: tienes { $balance } y hacen falta { $amount }.
error-UNKNOWN_MEMBER = Todavía no tienes besitos.
error-FORBIDDEN = Esta opción es solo para administradores.
error-NO_ACCESS = { $reason ->
    [VIP_ONLY] Esta publicación es solo para miembros VIP.
    [UNKNOWN_EMOJI] Esa reacción no cuenta.
   *[other] Esta publicación no da besitos.
  }
error-COOLDOWN = Espera { $secondsLeft } s antes de reaccionar otra vez.
error-DAILY_LIMIT = Ya llegaste al límite de hoy ({ $used }/{ $limit }). Vuelve mañana.
error-ALREADY_REACTED = Ya reaccionaste a esta publicación.
error-ALREADY_CLAIMED = { $what ->
    [reward] Ya reclamaste esta recompensa.
   *[other] Ya lo reclamaste. El próximo se abre en { $wait }.
  }
error-NOT_FOUND = No lo encontramos.
error-INACTIVE = Ya no está disponible.
error-VIP_ONLY = Solo para miembros VIP.
error-OUT_OF_STOCK = Agotado.
error-LIMIT_REACHED = Ya tienes el máximo permitido de este producto.
error-REWARD_LOCKED = Esta recompensa todavía está bloqueada.
error-REWARD_EXPIRED = El plazo para reclamar esta recompensa terminó.
error-INVALID_FORMULA = Esa fórmula no es válida: { $message }
error-INVALID_CONFIG = Ese valor no es válido: { $message }
error-BALANCE_OVERFLOW = Esa cantidad supera el máximo que puede tener una cuenta.
error-NOT_REFUNDABLE = Ese movimiento no se puede reembolsar.
error-CONFIRMATION_REQUIRED = Ya tienes este producto. Confirma si quieres comprarlo otra vez.
error-IDEMPOTENCY_CONFLICT = Esa solicitud ya se hizo con otros datos. No se cambió nada.
error-READ_ONLY = La base de datos está en modo de solo lectura: se puede consultar, pero no cambiar. No se cambió nada.
error-DATABASE_TOO_NEW = La base de datos es de una versión más nueva de besitos. Actualiza besitos antes de usarla.
error-DATABASE_IN_USE = La base de datos está en uso por otro proceso. Detenlo e inténtalo de nuevo.
error-STORAGE_UNAVAILABLE = No pudimos llegar a la base de datos ahora mismo. Inténtalo de nuevo en un momento.
