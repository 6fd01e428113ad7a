# The kind of a movement, as a member or an admin reads it (history, member card).
movement-type = { $type ->
    [EARN_REACTION] Reacción a una publicación
    [EARN_DAILY] Regalo diario
    [EARN_STREAK] Bono de racha
    [EARN_REWARD] Recompensa
    [EARN_ADMIN] Abono de un administrador
    [SPEND_SHOP] Compra en la tienda
    [SPEND_ADMIN] Cargo de un administrador
    [REFUND_SHOP] Reembolso de la tienda
   *[other] Movimiento
}
