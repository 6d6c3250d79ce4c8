// Names the generated extensions import: functions of the default built-in export
// table (wasm-core/data/exports.json) that every board's image has, so that the
// extensions load with the board's own table and nothing else.
export const IMPORTS: readonly string[] = [
  'printk', 'memcpy', 'memset', 'memcmp', 'strlen', 'strcmp', 'strncmp', 'strcpy', 'strncpy', 'vprintk',
  'z_impl_k_sleep', 'z_impl_k_usleep', 'z_impl_k_yield', 'z_impl_k_busy_wait', 'z_impl_k_uptime_ticks',
  'z_impl_k_sem_init', 'z_impl_k_sem_give', 'z_impl_k_sem_take', 'z_impl_k_sem_reset', 'z_impl_k_sem_count_get',
  'z_impl_k_mutex_init', 'z_impl_k_mutex_lock', 'z_impl_k_mutex_unlock', 'z_impl_k_msgq_put', 'z_impl_k_msgq_get',
  'z_impl_k_msgq_purge', 'z_impl_k_event_post', 'z_impl_k_event_wait', 'z_impl_k_event_set', 'z_impl_k_event_clear',
  'z_impl_k_timer_start', 'z_impl_k_timer_stop', 'z_impl_k_timer_status_get', 'z_impl_k_thread_create',
  'z_impl_k_thread_abort', 'z_impl_k_thread_join', 'z_impl_k_wakeup', 'z_impl_device_get_binding',
  'z_impl_device_is_ready', 'z_impl_z_log_msg_static_create',
];
