/* api.h - handlers, one file per resource. Each turns a validated request
 * into store calls and a response; decisions live in src/core. */
#ifndef ONESTOP_API_API_H
#define ONESTOP_API_API_H

#include "http/http.h"

/* ---- shared by the handlers: common.c ---- */
/* A string / integer member of the validated JSON body; NULL / def when it
 * is absent or of another type. */
const char *api_body_str(const http_req *r, const char *name);
int64_t api_body_int(const http_req *r, const char *name, int64_t def);
int64_t api_user_id(const http_req *r); /* the signed-in user's id, 0 when anonymous */
os_date api_today(const http_req *r);   /* the request's day in Asia/Shanghai */
/* JSON of optional values: null for "", NULL, time 0, date 0 (never a real
 * day of a record). api_date_json always gives "YYYY-MM-DD". */
json_t *api_str_or_null(const char *s);
json_t *api_time_or_null(int64_t t);
json_t *api_date_json(os_date d);
json_t *api_date_or_null(os_date d);
/* A name for lists: its first (UTF-8) character, then one '*' per further
 * character ("向**"); "" for NULL or "". */
void api_mask_name(const char *name, char *out, size_t cap);
/* The date query parameter `name` ("YYYY-MM-DD") into *out, def when absent;
 * false (422 naming it sent) when malformed. */
bool api_query_date(http_req *r, http_resp *w, const char *name, os_date def, os_date *out);
/* The period of the query parameters from and to (defaults def_from, def_to):
 * false (422 sent) when a date is malformed, or to is before from or more
 * than API_PERIOD_MAX_DAYS after it. */
#define API_PERIOD_MAX_DAYS 3660
bool api_query_period(http_req *r, http_resp *w, os_date def_from, os_date def_to, os_date *from,
                      os_date *to);
/* The answer to loading the object of a path's id (e from the store read):
 * true when it was read; a missing object answers exactly as one the
 * caller may not reach (access_deny: 404 "no such object"), so that a 404
 * never tells whether an id exists; another error answers resp_error(what). */
bool api_loaded(http_req *r, http_resp *w, os_err e, const char *what);

/* health.c */
void api_healthz(http_req *r, http_resp *w);
void api_metrics(http_req *r, http_resp *w);
void api_events(http_req *r, http_resp *w);
void api_version(http_req *r, http_resp *w);
/* session.c */
void api_session_create(http_req *r, http_resp *w);
void api_session_delete(http_req *r, http_resp *w);
void api_me(http_req *r, http_resp *w);
/* org.c */
void api_org_summary(http_req *r, http_resp *w);
void api_sites_list(http_req *r, http_resp *w);
void api_site_get(http_req *r, http_resp *w);

/* audit.c (issue 3) */
void api_audit_search(http_req *r, http_resp *w);

/* calendar.c (issue 4): the working-day calendar. The server keeps one
 * calendar in memory: api_calendar_start() loads it (seeding an empty
 * database) before the server listens, api_calendar_stop() frees it after
 * the last request. A feature that computes deadlines takes the current
 * calendar with api_calendar_acquire() (NULL only when it cannot be loaded:
 * answer 503) and gives it back with api_calendar_release(); the calendar
 * does not change while held, an administrator's change swaps in a new one
 * for later acquirers. */
os_err api_calendar_start(app *a, char *err, size_t errlen);
void api_calendar_stop(void);
const os_calendar *api_calendar_acquire(app *a);
void api_calendar_release(app *a, const os_calendar *cal);
void api_calendar_years(http_req *r, http_resp *w);
void api_calendar_year_get(http_req *r, http_resp *w);
void api_calendar_year_put(http_req *r, http_resp *w);
void api_calendar_closure_add(http_req *r, http_resp *w);
void api_calendar_closure_delete(http_req *r, http_resp *w);
void api_workdays_add(http_req *r, http_resp *w);
void api_workdays_between(http_req *r, http_resp *w);
void api_workdays_is(http_req *r, http_resp *w);

/* ---- catalog (issue 5): catalog.c ---- */
void api_catalog_items(http_req *r, http_resp *w);
void api_catalog_item(http_req *r, http_resp *w);
void api_catalog_item_versions(http_req *r, http_resp *w);
void api_catalog_item_create(http_req *r, http_resp *w);
void api_catalog_item_version_create(http_req *r, http_resp *w);
void api_catalog_item_retire(http_req *r, http_resp *w);
void api_catalog_bundles(http_req *r, http_resp *w);
void api_catalog_bundle(http_req *r, http_resp *w);
void api_catalog_bundle_create(http_req *r, http_resp *w);
void api_catalog_bundle_update(http_req *r, http_resp *w);
void api_catalog_departments(http_req *r, http_resp *w);
void api_catalog_life_events(http_req *r, http_resp *w);
void api_catalog_summary(http_req *r, http_resp *w);
void api_catalog_depth_label(http_req *r, http_resp *w);
void api_catalog_import(http_req *r, http_resp *w);
void api_catalog_export(http_req *r, http_resp *w);
void api_window_create(http_req *r, http_resp *w);
void api_window_update(http_req *r, http_resp *w);

/* ---- accounts (issue 3): session.c, account.c, users.c ---- */
void api_session_totp(http_req *r, http_resp *w);
void api_account_get(http_req *r, http_resp *w);
void api_account_password(http_req *r, http_resp *w);
void api_account_totp_enrol(http_req *r, http_resp *w);
void api_account_totp_confirm(http_req *r, http_resp *w);
void api_account_totp_delete(http_req *r, http_resp *w);
void api_users_list(http_req *r, http_resp *w);
void api_user_get(http_req *r, http_resp *w);
void api_user_create(http_req *r, http_resp *w);
void api_user_disable(http_req *r, http_resp *w);
void api_user_enable(http_req *r, http_resp *w);
void api_user_reset_password(http_req *r, http_resp *w);
void api_user_personal(http_req *r, http_resp *w);
void api_user_totp_reset(http_req *r, http_resp *w);
/* Helpers shared by those files. */
json_t *api_signin_json(const store_user *u); /* {"user", "capabilities"} */
bool api_role_is_staff(const char *role);
bool api_totp_required(const http_req *r, const char *role); /* setting totp_required_roles */
void api_session_hash(const char *token, uint8_t out[32]);
/* The pending second factor of this request's session is done. */
os_err api_session_complete_mfa(http_req *r);
/* An audit row for this request with a result and a detail (sign-in). */
void api_audit_event(http_req *r, int64_t actor_id, const char *actor_role, const char *result,
                     const char *detail);
/* Masks for screens: ID "430802********1234", phone "138****5678". */
void api_mask_id(const char *id, char *out, size_t cap);
void api_mask_phone(const char *phone, char *out, size_t cap);
/* argon2id (libsodium, interactive limits); OS_ERR_NOMEM when it cannot. */
os_err api_password_hash(const char *pw, size_t len, char out[128]);

/* ---- port visa (issue 8): visa.c, pdf.c ---- */
void api_visa_fees(http_req *r, http_resp *w);
void api_visa_agencies(http_req *r, http_resp *w);
void api_visa_agency_create(http_req *r, http_resp *w);
void api_visa_groups_list(http_req *r, http_resp *w);
void api_visa_group_create(http_req *r, http_resp *w);
void api_visa_group_get(http_req *r, http_resp *w);
void api_visa_group_update(http_req *r, http_resp *w);
void api_visa_members_add(http_req *r, http_resp *w);
void api_visa_member_get(http_req *r, http_resp *w);
void api_visa_member_update(http_req *r, http_resp *w);
void api_visa_member_delete(http_req *r, http_resp *w);
void api_visa_group_submit(http_req *r, http_resp *w);
void api_visa_group_cancel(http_req *r, http_resp *w);
void api_visa_review_queue(http_req *r, http_resp *w);
void api_visa_group_decide(http_req *r, http_resp *w);
void api_visa_member_decide(http_req *r, http_resp *w);
void api_visa_arrivals(http_req *r, http_resp *w);
void api_visa_scan(http_req *r, http_resp *w);
void api_visa_attendance(http_req *r, http_resp *w);
void api_visa_issue(http_req *r, http_resp *w);
void api_visa_special(http_req *r, http_resp *w);
void api_visa_visas_list(http_req *r, http_resp *w);
void api_visa_visa_get(http_req *r, http_resp *w);
void api_visa_pdf(http_req *r, http_resp *w);
void api_visa_reprint(http_req *r, http_resp *w);
void api_visa_receipt_get(http_req *r, http_resp *w);
void api_visa_receipt_pdf(http_req *r, http_resp *w);
void api_visa_watch_list(http_req *r, http_resp *w);
void api_visa_watch_add(http_req *r, http_resp *w);
void api_visa_watch_remove(http_req *r, http_resp *w);
void api_visa_stats(http_req *r, http_resp *w);
/* The printable documents (cairo, Noto Sans CJK): the visa with its persons,
 * and the fee receipt. OS_ERR_TOO_LARGE when out's cap is reached. */
os_err pdf_visa(const visa_doc *v, buf *out);
os_err pdf_receipt(const visa_doc *v, buf *out);

/* Shared JSON for a user (the fields any signed-in user may see of himself). */
json_t *api_user_json(const store_user *u);

/* ---- hall (issue 7): hall.c, tts.c ---- */
void api_hall_queues_list(http_req *r, http_resp *w);
void api_hall_queue_create(http_req *r, http_resp *w);
void api_hall_queue_update(http_req *r, http_resp *w);
void api_hall_window_get(http_req *r, http_resp *w);
void api_hall_window_queues(http_req *r, http_resp *w);
void api_hall_window_pause(http_req *r, http_resp *w);
void api_hall_call_next(http_req *r, http_resp *w);
void api_hall_ticket_recall(http_req *r, http_resp *w);
void api_hall_ticket_noshow(http_req *r, http_resp *w);
void api_hall_ticket_return(http_req *r, http_resp *w);
void api_hall_ticket_start(http_req *r, http_resp *w);
void api_hall_ticket_hold(http_req *r, http_resp *w);
void api_hall_ticket_resume(http_req *r, http_resp *w);
void api_hall_ticket_finish(http_req *r, http_resp *w);
void api_hall_ticket_transfer(http_req *r, http_resp *w);
void api_hall_ticket_issue(http_req *r, http_resp *w);
void api_hall_checkin(http_req *r, http_resp *w);
void api_hall_ticket_public(http_req *r, http_resp *w);
void api_hall_ticket_qr(http_req *r, http_resp *w);
void api_hall_ticket_cancel(http_req *r, http_resp *w);
void api_hall_board(http_req *r, http_resp *w);
void api_hall_call_audio(http_req *r, http_resp *w);
void api_hall_slots_list(http_req *r, http_resp *w);
void api_hall_slots_create(http_req *r, http_resp *w);
void api_hall_book(http_req *r, http_resp *w);
void api_hall_appointment_get(http_req *r, http_resp *w);
void api_hall_appointment_cancel(http_req *r, http_resp *w);
void api_hall_stats(http_req *r, http_resp *w);
void api_hall_me(http_req *r, http_resp *w);
/* The spoken announcement of text as a WAV (espeak-ng, Mandarin), copied
 * into out; cached in memory by text. OS_ERR_UNSUPPORTED when the
 * synthesiser or its voice is missing. Thread-safe. */
os_err tts_wav(const char *text, buf *out);

/* ---- cases (issue 6): cases.c ---- */
/* case_figures.c: the public figures from the counters */
void api_case_figures(http_req *r, http_resp *w);
void api_case_create(http_req *r, http_resp *w);
void api_case_get(http_req *r, http_resp *w);
void api_case_timeline(http_req *r, http_resp *w);
void api_case_action(http_req *r, http_resp *w);
void api_case_update(http_req *r, http_resp *w);
void api_case_materials(http_req *r, http_resp *w);
void api_case_attach(http_req *r, http_resp *w);
void api_case_file_get(http_req *r, http_resp *w);
void api_case_certificate(http_req *r, http_resp *w);
void api_my_cases(http_req *r, http_resp *w);
void api_cases_inbox(http_req *r, http_resp *w);
void api_cases_worklist(http_req *r, http_resp *w);
void api_cases_sweep_now(http_req *r, http_resp *w);
void api_bundle_apply(http_req *r, http_resp *w);
void api_bundle_app_get(http_req *r, http_resp *w);
void api_bundle_app_deliver(http_req *r, http_resp *w);
void api_file_upload(http_req *r, http_resp *w);
void api_files_list(http_req *r, http_resp *w);
void api_file_get(http_req *r, http_resp *w);
/* The deemed-acceptance and overdue sweep (also run by `onestop serve` every
 * case_sweep_minutes): at most a few thousand cases per run. */
os_err api_cases_sweep(app *a, int64_t now, int *deemed, int *overdue);
/* case_pdf.c: the electronic certificate of an approved, completed case
 * (personal fields of c unsealed; the ID number is printed masked). */
typedef struct case_cert {
	const store_case *c;
	bool licensing; /* a licensing item: 准予行政许可决定书 */
} case_cert;
os_err pdf_case_certificate(const case_cert *cert, buf *out);

/* ---- reviews (issue 9): reviews.c ---- */
void api_reviews_levels(http_req *r, http_resp *w);
void api_reviews_window_pending(http_req *r, http_resp *w);
void api_reviews_window_rate(http_req *r, http_resp *w);
void api_reviews_case_get(http_req *r, http_resp *w);
void api_reviews_case_rate(http_req *r, http_resp *w);
void api_reviews_mine(http_req *r, http_resp *w);
void api_reviews_case_link(http_req *r, http_resp *w);
void api_reviews_ticket_link(http_req *r, http_resp *w);
void api_reviews_token_get(http_req *r, http_resp *w);
void api_reviews_token_rate(http_req *r, http_resp *w);
void api_reviews_followups(http_req *r, http_resp *w);
void api_reviews_followup_get(http_req *r, http_resp *w);
void api_reviews_followup_act(http_req *r, http_resp *w);
void api_reviews_appeal_file(http_req *r, http_resp *w);
void api_reviews_appeal_decide(http_req *r, http_resp *w);
void api_reviews_figures(http_req *r, http_resp *w);

/* ---- complaints (issue 9): complaints.c ---- */
void api_complaint_create(http_req *r, http_resp *w);
void api_complaint_lookup(http_req *r, http_resp *w);
void api_complaints_list(http_req *r, http_resp *w);
void api_complaint_get(http_req *r, http_resp *w);
void api_complaint_take(http_req *r, http_resp *w);
void api_complaint_assign(http_req *r, http_resp *w);
void api_complaint_involve(http_req *r, http_resp *w);
void api_complaint_respond(http_req *r, http_resp *w);
void api_complaint_contact(http_req *r, http_resp *w);
void api_complaint_answer(http_req *r, http_resp *w);
void api_complaint_out_of_scope(http_req *r, http_resp *w);
void api_complaint_tag(http_req *r, http_resp *w);
void api_complaint_close(http_req *r, http_resp *w);
void api_complaint_coordinators(http_req *r, http_resp *w);
void api_complaint_figures(http_req *r, http_resp *w);

/* ---- proxy service and butlers (issue 9): proxy.c ---- */
void api_proxy_request_create(http_req *r, http_resp *w);
void api_proxy_requests_list(http_req *r, http_resp *w);
void api_proxy_my_requests(http_req *r, http_resp *w);
void api_proxy_request_get(http_req *r, http_resp *w);
void api_proxy_request_act(http_req *r, http_resp *w);
void api_proxy_visit_create(http_req *r, http_resp *w);
void api_proxy_visit_outcome(http_req *r, http_resp *w);
void api_proxy_visits_list(http_req *r, http_resp *w);
void api_proxy_staff(http_req *r, http_resp *w);
void api_proxy_butlers_list(http_req *r, http_resp *w);
void api_proxy_butler_me(http_req *r, http_resp *w);
void api_proxy_butler_register(http_req *r, http_resp *w);
void api_proxy_butler_update(http_req *r, http_resp *w);
void api_proxy_figures(http_req *r, http_resp *w);

#endif
