/** callback_id and action_id values shared by the views and the listeners. */
export const CALLBACK = {
  register: 'register_sender',
  otp: 'enter_code',
  registering: 'registering',
  bulkUpload: 'bulk_upload',
  bulkConfirm: 'bulk_confirm',
  bulkUpdateUpload: 'bulk_update_upload',
  bulkUpdateConfirm: 'bulk_update_confirm',
  changeName: 'change_display_name',
  editProfile: 'edit_sender_profile',
  buyNumber: 'buy_number',
  buyConfirm: 'buy_number_confirm',
  onboardCustomer: 'onboard_customer',
  migrate: 'migrate_number',
} as const;

export const ACTION = {
  enterCode: 'sender_enter_code',
  resend: 'sender_resend_code',
  switchToVoice: 'sender_switch_voice',
  abandon: 'sender_abandon',
  recheck: 'sender_recheck',
  detectPath: 'registration_detect_path',
  snooze: 'sender_snooze',
  openConsole: 'sender_open_console',
  openWhatsAppManager: 'sender_open_whatsapp_manager',
  deleteSender: 'sender_delete',
  takeAlert: 'sender_take_alert',
  alertDetails: 'sender_alert_details',
  retry: 'sender_retry',
  dismiss: 'sender_dismiss',
  migrate: 'sender_migrate',
  changeName: 'sender_change_name',
  editProfile: 'sender_edit_profile',
  retryName: 'sender_retry_name',
  customerOnboard: 'customer_onboard',
  buyNumber: 'number_buy',
  registerBought: 'number_register_bought',
  moveNumber: 'number_move',
  registerWhereItIs: 'number_register_where_it_is',
  listPage: 'senders_list_page',
  homeRegister: 'home_register',
  homeOnboard: 'home_onboard',
  homeBulk: 'home_bulk',
  /** Controls of Meta's incidents (value `customerId|cause`; the Snooze options `customerId|cause|minutes`). */
  metaTake: 'meta_take_alert',
  metaRecheck: 'meta_recheck',
  metaSnooze: 'meta_snooze',
  metaDetails: 'meta_alert_details',
} as const;

/** Global shortcuts (manifest.json `shortcuts`). */
export const SHORTCUT = {
  register: 'register_sender_shortcut',
} as const;
