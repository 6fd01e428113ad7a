# The kind of a movement, as a member or an admin reads it (history, member card).
movement-type = { $type ->
    [EARN_REACTION] Reaction to a post
    [EARN_DAILY] Daily gift
    [EARN_STREAK] Streak bonus
    [EARN_REWARD] Reward
    [EARN_ADMIN] Admin credit
    [SPEND_SHOP] Shop purchase
    [SPEND_ADMIN] Admin debit
    [REFUND_SHOP] Shop refund
   *[other] Movement
}
