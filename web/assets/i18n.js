// i18n.js - every user-facing string of the web shell, one dictionary per
// language, and t(key, vars) to look one up in the current language.
//
// The language is chosen by the switch in the header, stored in localStorage
// under LANG_KEY and reflected in <html lang>. zh-CN is the default. This
// module touches no DOM at import time so node can import it for tests.

export const LANG_KEY = 'onestop.lang';
export const LANGS = ['zh-CN', 'en'];
export const DEFAULT_LANG = 'zh-CN';

const zh = {
  'app.name': '一站式政务服务平台',
  'app.tagline': '一窗受理 · 就近可办 · 最多跑一次',
  'skip': '跳到主要内容',
  'nav.label': '主导航',
  'nav.home': '首页',
  'nav.sites': '服务网点',
  'prefs.label': '显示设置',
  'lang.label': '语言 / Language',
  'contrast.toggle': '大字/高对比',
  'auth.signin': '登录',
  'auth.signout': '退出登录',
  'auth.account': '当前用户',
  'footer.about': '区、乡镇（街道）、村（社区）三级政务服务，一窗受理、一次办好。',
  'footer.hotline': '政务服务便民热线：12345',
  'footer.links': '常用链接',
  'loading': '正在加载…',
  'comingSoon': '即将上线',
  'error.network': '暂时无法连接服务，请稍后再试。',
  'error.generic': '出现错误（{status}），请稍后再试。',
  'error.signout': '退出登录失败，请稍后再试。',

  'home.title': '首页',
  'home.h1': '欢迎使用一站式政务服务',
  'home.lead': '查找办事指南、取号预约、查询办件进度。区政务服务中心、乡镇（街道）便民服务中心和村（社区）便民服务站，就近可办。',
  'home.h1.user': '您好，{name}',
  'home.tasks': '您可以办理',
  'home.tasks.empty': '当前账号暂无可办理的事项。',
  'home.figures': '服务网点概况',
  'home.figures.more': '查看全部服务网点',
  'figure.district': '区政务服务中心',
  'figure.township': '乡镇（街道）便民服务中心',
  'figure.village': '村（社区）便民服务站',
  'figure.departments': '进驻部门',
  'figure.areas': '功能区',
  'figure.windows': '服务窗口',

  'task.catalog.search': '办事指南',
  'task.catalog.search.desc': '查询事项的办理条件、所需材料、时限和收费。',
  'task.hall.ticket': '在线取号',
  'task.hall.ticket.desc': '提前领取排队号，到大厅后按号办理。',
  'task.hall.board': '叫号大屏',
  'task.hall.board.desc': '查看各窗口正在呼叫的号码。',
  'task.appointment.book': '预约办事',
  'task.appointment.book.desc': '选择网点和时段，按预约时间到场办理。',
  'task.case.track': '办件查询',
  'task.case.track.desc': '凭办件编号查询办理进度和结果。',
  'task.login': '登录',
  'task.login.desc': '登录后可在线申报、查看我的办件。',
  'task.case.apply': '在线申报',
  'task.case.apply.desc': '在线填写申请表、上传材料。',
  'task.case.mine': '我的办件',
  'task.case.mine.desc': '查看我提交的办件、进度和结果。',
  'task.proxy.request': '申请帮代办',
  'task.proxy.request.desc': '由帮代办专员或政务管家代为办理。',
  'task.review.rate': '好差评',
  'task.review.rate.desc': '对本次办事体验进行评价。',
  'task.complaint.file': '办不成事反映',
  'task.complaint.file.desc': '遇到办不成的事，向我们反映。',
  'task.bundle.apply': '一件事一次办',
  'task.bundle.apply.desc': '多个事项一张表单、一套材料、一次申请。',
  'task.hall.guide': '导办台',
  'task.hall.guide.desc': '询问需求、发放排队号、引导绿色通道。',
  'task.hall.window': '窗口叫号',
  'task.hall.window.desc': '叫号、重呼、过号、转窗口。',
  'task.case.accept': '受理办件',
  'task.case.accept.desc': '收件审查材料，受理或一次性告知补正。',
  'task.case.site': '本网点办件',
  'task.case.site.desc': '本网点受理的办件及办理时限。',
  'task.case.review': '审批办件',
  'task.case.review.desc': '审查并作出决定，可延期或中止计时。',
  'task.case.department': '本部门办件',
  'task.case.department.desc': '本部门的办件和到期预警。',
  'task.proxy.queue': '帮代办任务',
  'task.proxy.queue.desc': '待处理的帮代办申请。',
  'task.proxy.visits': '上门服务',
  'task.proxy.visits.desc': '安排上门服务和远程视频勘验。',
  'task.proxy.mine': '我的帮办',
  'task.proxy.mine.desc': '分配给我的帮代办事项。',
  'task.complaint.queue': '反映事项处理',
  'task.complaint.queue.desc': '跟进“办不成事”反映，直至答复。',
  'task.review.followup': '差评整改',
  'task.review.followup.desc': '回访差评，落实整改。',
  'task.hall.monitor': '大厅监控',
  'task.hall.monitor.desc': '实时查看排队、窗口和等候时长。',
  'task.stats.site': '统计分析',
  'task.stats.site.desc': '办件量、按时办结率和满意度。',
  'task.org.windows': '窗口管理',
  'task.org.windows.desc': '设置窗口、业务队列和人员。',
  'task.audit.log': '审计日志',
  'task.audit.log.desc': '查询全部操作记录。',
  'task.security.accounts': '账号管理',
  'task.security.accounts.desc': '创建和停用账号，分配角色。',
  'task.security.policy': '安全策略',
  'task.security.policy.desc': '口令、会话和登录限制。',
  'task.org.sites': '网点管理',
  'task.org.sites.desc': '区、乡镇（街道）、村（社区）三级网点、部门和窗口。',
  'task.catalog.admin': '事项管理',
  'task.catalog.admin.desc': '维护事项、材料和办理时限。',
  'task.calendar.admin': '工作日历',
  'task.calendar.admin.desc': '法定节假日、调休上班日和临时闭馆。',
  'task.visa.groups': '旅游团管理',
  'task.visa.groups.desc': '录入旅游团及成员信息。',
  'task.visa.submit': '口岸签证预申报',
  'task.visa.submit.desc': '向口岸签证处提交团队申请。',
  'task.visa.review': '签证审核',
  'task.visa.review.desc': '审核口岸签证申请。',
  'task.visa.issue': '签证签发',
  'task.visa.issue.desc': '制发口岸签证。',
  'task.visa.special': '特殊情况处理',
  'task.visa.special.desc': '紧急和特殊人员的口岸签证。',
  'task.stats.visa': '签证统计',
  'task.stats.visa.desc': '口岸签证量和办理时效。',
  'task.sites': '服务网点',
  'task.sites.desc': '查看区、乡镇（街道）、村（社区）三级服务网点和窗口。',
  'task.unknown.desc': '此功能正在建设中。',

  'sites.title': '服务网点',
  'sites.h1': '服务网点',
  'sites.lead': '三级政务服务体系：区政务服务中心集中进驻各部门；乡镇（街道）便民服务中心实行“2+X”窗口模式；村（社区）便民服务站就近受理、帮办代办。',
  'sites.tabs': '网点层级',
  'tier.district': '区政务服务中心',
  'tier.township': '乡镇（街道）便民服务中心',
  'tier.village': '村（社区）便民服务站',
  'tier.district.short': '区级中心',
  'tier.township.short': '乡镇（街道）',
  'tier.village.short': '村（社区）',
  'sites.caption': '{tier}列表',
  'sites.col.name': '名称',
  'sites.col.code': '编码',
  'sites.col.windows': '窗口',
  'sites.col.departments': '进驻部门',
  'sites.count': '共 {total} 个，当前第 {from}–{to} 个',
  'sites.count.none': '没有找到网点。',
  'sites.filter': '正在查看“{name}”下辖的网点。',
  'sites.filter.clear': '查看全部',
  'pager.label': '分页',
  'pager.prev': '上一页',
  'pager.next': '下一页',
  'pager.page': '第 {page} / {pages} 页',
  'detail.label': '网点详情',
  'detail.empty': '请从列表中选择一个网点，查看进驻部门、功能区和窗口。',
  'detail.code': '编码',
  'detail.tier': '层级',
  'detail.hours': '办公时间',
  'detail.address': '地址',
  'detail.parent': '上级网点',
  'detail.departments': '进驻部门（{n}）',
  'detail.areas': '功能区（{n}）',
  'detail.windows': '服务窗口（{n}）',
  'detail.none': '无',
  'detail.children': '查看下辖的村（社区）便民服务站',
  'detail.notfound': '没有找到该网点。',
  'window.col.number': '窗口',
  'window.col.kind': '类型',
  'window.col.department': '部门',
  'window.col.area': '功能区',
  'window.col.status': '状态',
  'window.number': '{n} 号窗口',
  'window.open': '开放',
  'window.paused': '暂停服务',
  'window.kind.comprehensive': '综合窗口',
  'window.kind.department': '部门窗口',
  'window.kind.postal': '邮政寄递',
  'window.kind.proxy': '帮代办',
  'window.kind.complaint': '办不成事反映',
  'window.kind.green': '绿色通道',
  'window.kind.port_visa': '口岸签证',

  'login.title': '登录',
  'login.h1': '登录',
  'login.lead': '工作人员和已注册的群众、企业请登录。',
  'login.login': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.submitting': '正在登录…',
  'login.wrong': '用户名或密码错误',
  'login.missing': '请输入用户名和密码',
  'login.invalid': '提交的内容无效，请检查后重试',
  'login.rate': '尝试次数过多，请稍后再试',
  'login.already': '您已登录：{name}（{role}）。',
  'login.home': '返回首页',
  'login.help': '忘记密码请联系本网点管理员。请勿在公共设备上保存密码。',
};

const en = {
  'app.name': 'OneStop Government Services',
  'app.tagline': 'One window · Served near home · At most one trip',
  'skip': 'Skip to main content',
  'nav.label': 'Main navigation',
  'nav.home': 'Home',
  'nav.sites': 'Service sites',
  'prefs.label': 'Display settings',
  'lang.label': '语言 / Language',
  'contrast.toggle': 'Large text/high contrast',
  'auth.signin': 'Sign in',
  'auth.signout': 'Sign out',
  'auth.account': 'Signed in as',
  'footer.about': 'District, township and village service centres: one window, done in one go.',
  'footer.hotline': 'Government service hotline: 12345',
  'footer.links': 'Links',
  'loading': 'Loading…',
  'comingSoon': 'Coming soon',
  'error.network': 'The service cannot be reached right now. Please try again later.',
  'error.generic': 'Something went wrong ({status}). Please try again later.',
  'error.signout': 'Signing out failed. Please try again.',

  'home.title': 'Home',
  'home.h1': 'Welcome to OneStop Government Services',
  'home.lead': 'Find a service, take a number or book a visit, and track your application — at the district service centre, your township or street centre, or your village station.',
  'home.h1.user': 'Hello, {name}',
  'home.tasks': 'What you can do',
  'home.tasks.empty': 'There is nothing this account can do yet.',
  'home.figures': 'Our service network',
  'home.figures.more': 'See all service sites',
  'figure.district': 'District service centre',
  'figure.township': 'Township and street centres',
  'figure.village': 'Village and community stations',
  'figure.departments': 'Stationed departments',
  'figure.areas': 'Functional areas',
  'figure.windows': 'Service windows',

  'task.catalog.search': 'Find a service',
  'task.catalog.search.desc': 'Requirements, documents, time limits and fees for each service.',
  'task.hall.ticket': 'Take a number',
  'task.hall.ticket.desc': 'Get a queue number before you arrive at the hall.',
  'task.hall.board': 'Queue board',
  'task.hall.board.desc': 'See which numbers the windows are calling.',
  'task.appointment.book': 'Book an appointment',
  'task.appointment.book.desc': 'Choose a site and a time slot, then come at your time.',
  'task.case.track': 'Track an application',
  'task.case.track.desc': 'Check progress and results with your application number.',
  'task.login': 'Sign in',
  'task.login.desc': 'Sign in to apply online and see your applications.',
  'task.case.apply': 'Apply online',
  'task.case.apply.desc': 'Fill in the form and upload your documents.',
  'task.case.mine': 'My applications',
  'task.case.mine.desc': 'Progress and results of what you applied for.',
  'task.proxy.request': 'Ask for help',
  'task.proxy.request.desc': 'A proxy specialist or volunteer butler handles it for you.',
  'task.review.rate': 'Rate our service',
  'task.review.rate.desc': 'Tell us how your visit went.',
  'task.complaint.file': 'Report a problem',
  'task.complaint.file.desc': 'Tell us about something that could not get done.',
  'task.bundle.apply': 'One thing, one go',
  'task.bundle.apply.desc': 'Several services in one form with one set of documents.',
  'task.hall.guide': 'Guide desk',
  'task.hall.guide.desc': 'Ask what visitors need, issue tickets, flag the green channel.',
  'task.hall.window': 'Window calling',
  'task.hall.window.desc': 'Call, recall, skip and transfer tickets.',
  'task.case.accept': 'Accept applications',
  'task.case.accept.desc': 'Check documents, accept or list what is missing in one notice.',
  'task.case.site': 'Site applications',
  'task.case.site.desc': 'Applications accepted at this site and their deadlines.',
  'task.case.review': 'Review applications',
  'task.case.review.desc': 'Decide, extend or suspend the clock.',
  'task.case.department': 'Department applications',
  'task.case.department.desc': "Your department's applications and due-date warnings.",
  'task.proxy.queue': 'Help requests',
  'task.proxy.queue.desc': 'Open requests for proxy service.',
  'task.proxy.visits': 'Home visits',
  'task.proxy.visits.desc': 'Arrange home visits and video assessments.',
  'task.proxy.mine': 'My assignments',
  'task.proxy.mine.desc': 'Help requests assigned to you.',
  'task.complaint.queue': 'Problem reports',
  'task.complaint.queue.desc': 'Follow each report until it is answered.',
  'task.review.followup': 'Review follow-up',
  'task.review.followup.desc': 'Call back on poor ratings and fix the cause.',
  'task.hall.monitor': 'Hall monitor',
  'task.hall.monitor.desc': 'Live queues, windows and waiting times.',
  'task.stats.site': 'Statistics',
  'task.stats.site.desc': 'Volumes, on-time rate and satisfaction.',
  'task.org.windows': 'Windows',
  'task.org.windows.desc': 'Set up windows, their queues and staff.',
  'task.audit.log': 'Audit log',
  'task.audit.log.desc': 'Every recorded action.',
  'task.security.accounts': 'Accounts',
  'task.security.accounts.desc': 'Create and disable accounts, assign roles.',
  'task.security.policy': 'Security policy',
  'task.security.policy.desc': 'Passwords, sessions and sign-in limits.',
  'task.org.sites': 'Service sites',
  'task.org.sites.desc': 'Sites in three tiers with their departments and windows.',
  'task.catalog.admin': 'Service catalogue',
  'task.catalog.admin.desc': 'Services, required documents and time limits.',
  'task.calendar.admin': 'Working calendar',
  'task.calendar.admin.desc': 'Public holidays, make-up working days and closures.',
  'task.visa.groups': 'Tour groups',
  'task.visa.groups.desc': 'Enter tour groups and their members.',
  'task.visa.submit': 'Submit port visas',
  'task.visa.submit.desc': 'Pre-submit groups to the port visa office.',
  'task.visa.review': 'Visa review',
  'task.visa.review.desc': 'Review port visa applications.',
  'task.visa.issue': 'Visa issue',
  'task.visa.issue.desc': 'Issue port visas.',
  'task.visa.special': 'Special cases',
  'task.visa.special.desc': 'Urgent and special port visas.',
  'task.stats.visa': 'Visa statistics',
  'task.stats.visa.desc': 'Port visa volumes and processing times.',
  'task.sites': 'Service sites',
  'task.sites.desc': 'Find district, township and village service sites and their windows.',
  'task.unknown.desc': 'This is being built.',

  'sites.title': 'Service sites',
  'sites.h1': 'Service sites',
  'sites.lead': 'Three tiers: the district service centre hosts the departments; township and street centres run "2+X" windows; village and community stations accept near home and help with applications.',
  'sites.tabs': 'Site tier',
  'tier.district': 'District service centre',
  'tier.township': 'Township and street centres',
  'tier.village': 'Village and community stations',
  'tier.district.short': 'District',
  'tier.township.short': 'Townships',
  'tier.village.short': 'Villages',
  'sites.caption': '{tier}',
  'sites.col.name': 'Name',
  'sites.col.code': 'Code',
  'sites.col.windows': 'Windows',
  'sites.col.departments': 'Departments',
  'sites.count': '{from}–{to} of {total}',
  'sites.count.none': 'No sites found.',
  'sites.filter': 'Showing the sites under {name}.',
  'sites.filter.clear': 'Show all',
  'pager.label': 'Pagination',
  'pager.prev': 'Previous',
  'pager.next': 'Next',
  'pager.page': 'Page {page} of {pages}',
  'detail.label': 'Site details',
  'detail.empty': 'Choose a site from the list to see its departments, areas and windows.',
  'detail.code': 'Code',
  'detail.tier': 'Tier',
  'detail.hours': 'Opening hours',
  'detail.address': 'Address',
  'detail.parent': 'Part of',
  'detail.departments': 'Departments ({n})',
  'detail.areas': 'Functional areas ({n})',
  'detail.windows': 'Windows ({n})',
  'detail.none': 'None',
  'detail.children': 'See the village and community stations under it',
  'detail.notfound': 'This site was not found.',
  'window.col.number': 'Window',
  'window.col.kind': 'Type',
  'window.col.department': 'Department',
  'window.col.area': 'Area',
  'window.col.status': 'Status',
  'window.number': 'Window {n}',
  'window.open': 'Open',
  'window.paused': 'Paused',
  'window.kind.comprehensive': 'Comprehensive',
  'window.kind.department': 'Department',
  'window.kind.postal': 'Postal delivery',
  'window.kind.proxy': 'Proxy service',
  'window.kind.complaint': 'Problem reports',
  'window.kind.green': 'Green channel',
  'window.kind.port_visa': 'Port visa',

  'login.title': 'Sign in',
  'login.h1': 'Sign in',
  'login.lead': 'For staff and registered citizens and enterprises.',
  'login.login': 'User name',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.wrong': 'Wrong user name or password',
  'login.missing': 'Enter your user name and password',
  'login.invalid': 'The request was not valid. Check and try again',
  'login.rate': 'Too many attempts. Try again later',
  'login.already': 'You are signed in as {name} ({role}).',
  'login.home': 'Back to home',
  'login.help': 'Forgot your password? Ask your site administrator. Do not save passwords on shared devices.',
};

export const dictionaries = { 'zh-CN': zh, en };

function storage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled: fall back to the default language
  }
}

let current = null;

/** The current language: the stored choice if valid, else zh-CN. */
export function getLang() {
  if (current) return current;
  const s = storage();
  const v = s ? s.getItem(LANG_KEY) : null;
  current = LANGS.includes(v) ? v : DEFAULT_LANG;
  return current;
}

/** Choose a language, remember it, and set <html lang>. */
export function setLang(lang) {
  if (!LANGS.includes(lang)) throw new RangeError(`unknown language ${lang}`);
  current = lang;
  const s = storage();
  if (s) {
    try {
      s.setItem(LANG_KEY, lang);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
  }
  if (globalThis.document) document.documentElement.lang = lang;
}

/** The string for key in the current language, {name} placeholders filled
 * from vars. A missing key shows as the key itself so it is easy to spot. */
export function t(key, vars) {
  const lang = getLang();
  let s = dictionaries[lang][key] ?? dictionaries[DEFAULT_LANG][key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

export function has(key) {
  return key in dictionaries[getLang()];
}

/** Pick the current language's form of a bilingual value: {zh, en} objects,
 * or an object with name / name_en fields. */
export function pick(v) {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  const en = getLang() === 'en';
  if ('zh' in v || 'en' in v) return (en ? v.en : v.zh) || v.zh || v.en || '';
  if ('name' in v) return (en ? v.name_en : v.name) || v.name || '';
  return '';
}

/** Numbers with the locale's grouping. */
export function num(n) {
  return new Intl.NumberFormat(getLang()).format(n);
}

/** Translate static markup: data-i18n="key" sets the text;
 * data-i18n-attr="attr:key[;attr:key]" sets attributes. */
export function applyI18n(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((x) => x.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}
