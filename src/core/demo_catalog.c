/* demo_catalog.c - the generated catalog of the demo district (see
 * demo_catalog.h). Each department lists its matters; a matter with an
 * action set yields one item per action ("食品经营许可证" x 核发/变更/延续/
 * 注销/补办), a matter without one is an item by itself. The group of a
 * matter gives its materials, form fields, tiers, channels and legal basis.
 * After generation three deterministic passes fix the seed's figures: the
 * administrative-power count, the online count and the depth-4 count. */
#include "core/demo_catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

static void cpy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src);
}

/* ---- actions ---- */
typedef struct action {
	const char *zh, *en;
	int weight;        /* complexity: 0 simple (query, replacement) .. 3 (new licence) */
	bool immediate;    /* done on the spot */
	const char *event; /* life event this action adds, or NULL */
} action;

enum {
	AS_ONE,
	AS_REG,
	AS_LIC,
	AS_CERT,
	AS_INS,
	AS_APPR,
	AS_CONF,
	AS_PAY,
	AS_FILE,
	AS_FIL,
	AS_VREG,
	AS_PROP,
	AS__N
};

static const action act_reg[] = {
    {"设立登记", "establishment registration", 3, false, "business_open"},
    {"变更登记", "change registration", 2, false, "business_change"},
    {"注销登记", "deregistration", 2, false, "business_close"},
    {"备案", "filing", 1, true, "business_change"},
    {"迁移登记", "relocation registration", 2, false, "business_change"},
};
static const action act_lic[] = {
    {"核发", "issue", 3, false, NULL},
    {"变更（许可事项）", "change of licensed matters", 2, false, NULL},
    {"变更（登记事项）", "change of registered details", 1, true, NULL},
    {"延续", "renewal", 2, false, NULL},
    {"注销", "cancellation", 1, true, NULL},
    {"补办", "replacement", 0, true, NULL},
};
static const action act_cert[] = {
    {"首次申领", "first application", 2, false, NULL},
    {"到期换领", "renewal on expiry", 1, false, NULL},
    {"损坏换领", "replacement of a damaged one", 1, false, NULL},
    {"遗失补领", "replacement of a lost one", 0, true, NULL},
};
static const action act_ins[] = {
    {"参保登记", "enrolment", 1, true, NULL},
    {"信息变更", "change of details", 0, true, NULL},
    {"待遇申领", "benefit claim", 2, false, NULL},
    {"关系转移接续", "transfer", 2, false, NULL},
    {"参保证明打印", "certificate of enrolment", 0, true, NULL},
    {"缴费基数申报", "contribution base declaration", 1, true, NULL},
    {"暂停缴费", "suspension of contributions", 1, true, NULL},
};
static const action act_appr[] = {
    {"审批", "approval", 3, false, NULL},
    {"变更审批", "change approval", 2, false, NULL},
    {"延期审批", "extension approval", 2, false, NULL},
};
static const action act_conf[] = {
    {"认定", "recognition", 2, false, NULL},
    {"确认", "confirmation", 1, false, NULL},
    {"复核", "review", 2, false, NULL},
};
static const action act_pay[] = {
    {"申请", "application", 2, false, NULL},
    {"资格认证", "eligibility check", 0, true, NULL},
    {"发放标准调整", "rate adjustment", 1, false, NULL},
    {"停发登记", "stopping payment", 1, true, NULL},
};
static const action act_file[] = {
    {"申报", "declaration", 1, true, NULL},
    {"缴纳", "payment", 0, true, NULL},
    {"减免申请", "relief application", 2, false, NULL},
    {"更正申报", "corrected declaration", 1, true, NULL},
};
static const action act_fil[] = {
    {"", "filing", 1, true, NULL},
    {"变更", "change of filing", 1, true, NULL},
    {"注销", "cancellation of filing", 0, true, NULL},
};
static const action act_vreg[] = {
    {"注册登记", "registration", 2, false, NULL},
    {"变更登记", "change registration", 1, false, NULL},
    {"转让登记", "transfer registration", 1, false, NULL},
    {"抵押登记", "mortgage registration", 1, true, NULL},
    {"注销登记", "deregistration", 1, true, NULL},
};
static const action act_prop[] = {
    {"首次登记", "first registration", 3, false, NULL},
    {"转移登记", "transfer registration", 2, false, NULL},
    {"变更登记", "change registration", 2, false, NULL},
    {"注销登记", "deregistration", 1, false, NULL},
    {"更正登记", "correction registration", 2, false, NULL},
};

static const struct {
	const action *a;
	size_t n;
} actsets[AS__N] = {
    {NULL, 1},
    {act_reg, sizeof act_reg / sizeof act_reg[0]},
    {act_lic, sizeof act_lic / sizeof act_lic[0]},
    {act_cert, sizeof act_cert / sizeof act_cert[0]},
    {act_ins, sizeof act_ins / sizeof act_ins[0]},
    {act_appr, sizeof act_appr / sizeof act_appr[0]},
    {act_conf, sizeof act_conf / sizeof act_conf[0]},
    {act_pay, sizeof act_pay / sizeof act_pay[0]},
    {act_file, sizeof act_file / sizeof act_file[0]},
    {act_fil, sizeof act_fil / sizeof act_fil[0]},
    {act_vreg, sizeof act_vreg / sizeof act_vreg[0]},
    {act_prop, sizeof act_prop / sizeof act_prop[0]},
};

/* ---- groups: what a matter's items share ---- */
enum {
	G_ENT_REG,
	G_LICENCE,
	G_ENT_SVC,
	G_PERSON,
	G_INSURANCE,
	G_AID,
	G_DISABILITY,
	G_PROPERTY,
	G_FUND,
	G_TAX,
	G_POLICE,
	G_VEHICLE,
	G_BUILD,
	G_LAND,
	G_HEALTH,
	G_TRANSPORT,
	G_EDU,
	G_AGRI,
	G_VETERAN,
	G_POST,
	G__N
};

/* A material: name, form, required (else the condition), e-licence. */
typedef struct dmat {
	const char *name;
	unsigned form;
	const char *condition; /* NULL: required */
	bool e_licence;
	int count;
} dmat;

#define M_ID                                                                                       \
	{                                                                                          \
		"居民身份证", CAT_FORM_ORIGINAL, NULL, true, 1                                     \
	}
#define M_HUKOU                                                                                    \
	{                                                                                          \
		"户口簿", CAT_FORM_ORIGINAL, NULL, true, 1                                         \
	}
#define M_HUKOU_C                                                                                  \
	{                                                                                          \
		"户口簿", CAT_FORM_ORIGINAL, "申请人户籍与现居住地不一致的", true, 1               \
	}
#define M_APPLY                                                                                    \
	{                                                                                          \
		"申请表", CAT_FORM_ORIGINAL, NULL, false, 1                                        \
	}
#define M_APPLY_BOOK                                                                               \
	{                                                                                          \
		"申请书", CAT_FORM_ORIGINAL, NULL, false, 1                                        \
	}
#define M_PROXY                                                                                    \
	{                                                                                          \
		"授权委托书及受托人居民身份证", CAT_FORM_ORIGINAL, "委托他人办理的", false, 1      \
	}
#define M_LICENCE                                                                                  \
	{                                                                                          \
		"营业执照", CAT_FORM_COPY, NULL, true, 1                                           \
	}
#define M_PHOTO                                                                                    \
	{                                                                                          \
		"近期免冠彩色照片", CAT_FORM_ORIGINAL, NULL, false, 2                              \
	}
#define M_SSCARD                                                                                   \
	{                                                                                          \
		"社会保障卡", CAT_FORM_ORIGINAL, NULL, true, 1                                     \
	}
#define M_BANK                                                                                     \
	{                                                                                          \
		"本人银行账户信息", CAT_FORM_COPY, "申领待遇或补贴的", false, 1                    \
	}
#define M_DEED                                                                                     \
	{                                                                                          \
		"不动产权证书", CAT_FORM_ORIGINAL, NULL, true, 1                                   \
	}
#define M_PREMISES                                                                                 \
	{                                                                                          \
		"经营场所使用证明（房屋产权证明或租赁合同）", CAT_FORM_COPY, NULL, false, 1        \
	}

static const dmat mats[G__N][8] = {
    [G_ENT_REG] = {{"登记（备案）申请书", CAT_FORM_ORIGINAL, NULL, false, 1},
                   {"公司章程", CAT_FORM_ORIGINAL, "设立公司或修改章程的", false, 1},
                   {"法定代表人居民身份证", CAT_FORM_COPY, NULL, true, 1},
                   {"住所使用证明", CAT_FORM_COPY, "设立或变更住所的", false, 1},
                   M_PROXY},
    [G_LICENCE] = {M_APPLY_BOOK,
                   M_LICENCE,
                   M_PREMISES,
                   {"法定代表人居民身份证", CAT_FORM_COPY, NULL, true, 1},
                   {"管理制度文本", CAT_FORM_ORIGINAL, NULL, false, 1},
                   {"主要设施设备清单", CAT_FORM_ORIGINAL, NULL, false, 1},
                   M_PROXY},
    [G_ENT_SVC] = {M_APPLY_BOOK,
                   M_LICENCE,
                   {"经办人居民身份证", CAT_FORM_ORIGINAL, NULL, true, 1},
                   M_PROXY},
    [G_PERSON] = {M_ID, M_HUKOU_C, M_APPLY, M_PHOTO},
    [G_INSURANCE] = {M_ID, M_SSCARD, M_APPLY, M_BANK},
    [G_AID] = {M_ID,
               M_HUKOU,
               M_APPLY_BOOK,
               {"家庭收入及财产状况申报表", CAT_FORM_ORIGINAL, NULL, false, 1},
               M_BANK,
               M_PROXY},
    [G_DISABILITY] = {M_ID,
                      M_HUKOU,
                      {"残疾人证", CAT_FORM_ORIGINAL, NULL, true, 1},
                      M_APPLY,
                      {"监护人居民身份证", CAT_FORM_ORIGINAL,
                       "申请人无民事行为能力或限制民事行为能力的", true, 1},
                      M_BANK},
    [G_PROPERTY] = {{"不动产登记申请书", CAT_FORM_ORIGINAL, NULL, false, 1},
                    M_ID,
                    M_DEED,
                    {"不动产权籍调查成果", CAT_FORM_ORIGINAL, "首次登记或界址变化的", false, 1},
                    {"婚姻状况证明", CAT_FORM_COPY, "申请人已婚的", true, 1},
                    {"完税凭证", CAT_FORM_COPY, "涉及税费缴纳的", true, 1},
                    M_PROXY},
    [G_FUND] = {M_ID,
                {"住房公积金业务申请表", CAT_FORM_ORIGINAL, NULL, false, 1},
                {"本人银行卡", CAT_FORM_COPY, NULL, false, 1},
                {"购房合同", CAT_FORM_COPY, "购买住房提取或贷款的", false, 1}},
    [G_TAX] = {M_LICENCE,
               {"经办人居民身份证", CAT_FORM_ORIGINAL, NULL, true, 1},
               {"纳税申报表", CAT_FORM_ORIGINAL, NULL, false, 1},
               {"财务会计报表", CAT_FORM_COPY, "查账征收的纳税人", false, 1}},
    [G_POLICE] = {M_ID, M_HUKOU, M_APPLY, M_PHOTO},
    [G_VEHICLE] = {M_ID,
                   {"机动车行驶证", CAT_FORM_ORIGINAL, NULL, true, 1},
                   {"机动车驾驶证", CAT_FORM_ORIGINAL, NULL, true, 1},
                   M_APPLY},
    [G_BUILD] = {M_APPLY,
                 M_LICENCE,
                 {"建设工程规划许可证", CAT_FORM_COPY, NULL, true, 1},
                 {"施工图设计文件审查合格书", CAT_FORM_COPY, NULL, false, 1},
                 {"施工合同", CAT_FORM_COPY, NULL, false, 1},
                 {"保证工程质量和安全的具体措施", CAT_FORM_ORIGINAL, NULL, false, 1}},
    [G_LAND] = {M_APPLY_BOOK,
                M_LICENCE,
                {"建设项目用地预审与选址意见书", CAT_FORM_COPY, NULL, true, 1},
                {"宗地图", CAT_FORM_ORIGINAL, NULL, false, 1},
                {"规划设计条件", CAT_FORM_COPY, NULL, false, 1}},
    [G_HEALTH] = {M_APPLY_BOOK,
                  M_LICENCE,
                  {"从业人员健康证明", CAT_FORM_COPY, NULL, true, 1},
                  {"卫生管理制度", CAT_FORM_ORIGINAL, NULL, false, 1},
                  {"场所平面布局图", CAT_FORM_ORIGINAL, NULL, false, 1},
                  {"卫生检测报告", CAT_FORM_COPY, "涉及集中空调通风系统的", false, 1}},
    [G_TRANSPORT] = {M_APPLY_BOOK,
                     M_LICENCE,
                     {"机动车行驶证", CAT_FORM_COPY, NULL, true, 1},
                     {"驾驶员从业资格证", CAT_FORM_COPY, NULL, true, 1},
                     {"安全生产管理制度", CAT_FORM_ORIGINAL, NULL, false, 1}},
    [G_EDU] = {M_HUKOU,
               {"父母或其他法定监护人居民身份证", CAT_FORM_ORIGINAL, NULL, true, 1},
               {"房屋产权证明或居住证", CAT_FORM_COPY, NULL, true, 1},
               {"预防接种证", CAT_FORM_ORIGINAL, NULL, false, 1}},
    [G_AGRI] = {M_APPLY_BOOK,
                {"申请人居民身份证或营业执照", CAT_FORM_COPY, NULL, true, 1},
                {"生产经营场所证明", CAT_FORM_COPY, NULL, false, 1},
                {"产品检验检测报告", CAT_FORM_COPY, "涉及产品质量要求的", false, 1}},
    [G_VETERAN] = {{"退出现役证明", CAT_FORM_ORIGINAL, NULL, false, 1},
                   M_ID,
                   M_HUKOU,
                   {"退役军人登记表", CAT_FORM_ORIGINAL, NULL, false, 1}},
    [G_POST] = {M_ID, {"邮件详情单", CAT_FORM_ORIGINAL, NULL, false, 1}},
};

/* The registration group asks for the business licence only on change and
 * deregistration: kept out of the table above and added by the generator. */
static const dmat m_licence_cond = {"营业执照", CAT_FORM_ORIGINAL, "变更登记或注销登记的", true, 1};

/* Form fields: name, label, English label, type, required. */
typedef struct dfield {
	const char *name, *label, *label_en;
	cat_field_type type;
	bool required;
} dfield;

static const dfield f_person[] = {
    {"applicant_name", "申请人姓名", "Applicant's name", CAT_FT_TEXT, true},
    {"id_number", "公民身份号码", "Resident ID number", CAT_FT_ID_NUMBER, true},
    {"phone", "联系电话", "Phone", CAT_FT_PHONE, true},
    {"address", "联系地址", "Address", CAT_FT_ADDRESS, false},
};
static const dfield f_ent[] = {
    {"company_name", "企业名称", "Company name", CAT_FT_TEXT, true},
    {"uscc", "统一社会信用代码", "Unified social credit code", CAT_FT_USCC, false},
    {"legal_rep", "法定代表人", "Legal representative", CAT_FT_TEXT, true},
    {"id_number", "法定代表人公民身份号码", "Legal representative's ID number", CAT_FT_ID_NUMBER,
     true},
    {"phone", "联系电话", "Phone", CAT_FT_PHONE, true},
    {"address", "住所", "Registered address", CAT_FT_ADDRESS, true},
};
static const dfield f_property[] = {
    {"property_no", "不动产单元号", "Real estate unit number", CAT_FT_TEXT, true},
    {"property_address", "不动产坐落", "Property address", CAT_FT_ADDRESS, true},
};
static const dfield f_date[] = {
    {"event_date", "事项发生日期", "Date of the event", CAT_FT_DATE, true},
};

/* Per group: materials count is the table row's non-empty entries. */
typedef struct group_info {
	bool enterprise;       /* enterprise fields (else a person's) */
	bool property;         /* property fields too */
	unsigned tiers;        /* accepting tiers */
	bool proxy, post;      /* channels */
	int legal_days;        /* statutory limit */
	int weight;            /* complexity */
	const char *basis;     /* legal basis */
	const char *keywords;  /* ';' list */
	const char *condition; /* 受理条件 */
} group_info;

#define TD CAT_TIER_BIT(TIER_DISTRICT)
#define TT CAT_TIER_BIT(TIER_TOWNSHIP)
#define TV CAT_TIER_BIT(TIER_VILLAGE)

static const group_info groups[G__N] = {
    [G_ENT_REG] = {true, false, TD | TT, false, true, 15, 1,
                   "《中华人民共和国市场主体登记管理条例》第三条、第十九条",
                   "营业执照;企业登记;开公司",
                   "申请人依法申请市场主体登记，提交材料齐全、符合法定形式。"},
    [G_LICENCE] = {true, false, TD, false, true, 20, 3,
                   "《中华人民共和国行政许可法》第二十九条至第三十八条", "许可证;经营许可",
                   "具有与经营项目相适应的场所、设备、人员和管理制度。"},
    [G_ENT_SVC] = {true, false, TD | TT, false, false, 10, 1,
                   "《中华人民共和国市场主体登记管理条例实施细则》", "企业服务",
                   "申请人为依法登记的市场主体。"},
    [G_PERSON] = {false, false, TD | TT, false, true, 20, 1, "《中华人民共和国居民身份证法》",
                  "证件办理", "申请人具有本区户籍或持有本区居住证。"},
    [G_INSURANCE] = {false, false, TD | TT | TV, true, false, 10, 0, "《中华人民共和国社会保险法》",
                     "社保;养老保险;医保", "申请人已按规定参加社会保险。"},
    [G_AID] = {false, false, TD | TT | TV, true, false, 30, 2, "《社会救助暂行办法》",
               "救助;低保;民政", "申请人家庭人均收入和财产状况符合本区救助标准。"},
    [G_DISABILITY] = {false, false, TD | TT | TV, true, true, 20, 2,
                      "《中华人民共和国残疾人保障法》", "残疾人;残联;补贴",
                      "申请人为持有第二代残疾人证的本区户籍残疾人。"},
    [G_PROPERTY] = {false, true, TD, false, true, 30, 2,
                    "《不动产登记暂行条例》第十四条至第二十一条", "不动产;房产证;过户",
                    "申请人对不动产享有合法权利，登记申请材料真实、齐全。"},
    [G_FUND] = {false, false, TD, false, false, 5, 0, "《住房公积金管理条例》", "公积金;提取;贷款",
                "申请人已按规定连续足额缴存住房公积金。"},
    [G_TAX] = {true, false, TD | TT, false, false, 10, 1, "《中华人民共和国税收征收管理法》",
               "税务;纳税;发票", "纳税人已办理信息确认。"},
    [G_POLICE] = {false, false, TD | TT, false, true, 20, 1, "《中华人民共和国户口登记条例》",
                  "户口;户籍;公安", "申请人符合本区户籍管理规定。"},
    [G_VEHICLE] = {false, false, TD, false, true, 10, 1, "《中华人民共和国道路交通安全法》",
                   "车辆;驾驶证;交警", "机动车已依法登记并经安全技术检验合格。"},
    [G_BUILD] = {true, false, TD, false, true, 20, 3, "《中华人民共和国建筑法》第七条、第八条",
                 "工程建设;施工许可", "建设工程已取得规划许可，施工图审查合格，资金已落实。"},
    [G_LAND] = {true, false, TD, false, false, 20, 3, "《中华人民共和国土地管理法》",
                "用地;规划;自然资源", "建设项目符合国土空间规划和用途管制要求。"},
    [G_HEALTH] = {true, false, TD, false, true, 20, 3, "《公共场所卫生管理条例》", "卫生许可;卫健",
                  "场所卫生条件符合国家卫生标准和要求。"},
    [G_TRANSPORT] = {true, false, TD, false, true, 20, 3, "《中华人民共和国道路运输条例》",
                     "道路运输;交通", "有与经营业务相适应并经检测合格的车辆和驾驶人员。"},
    [G_EDU] = {false, false, TD, false, false, 15, 1, "《中华人民共和国义务教育法》第十二条",
               "入学;学校;教育", "适龄儿童、少年在本区有户籍或居住证。"},
    [G_AGRI] = {true, false, TD | TT, false, false, 20, 2, "《中华人民共和国农业法》",
                "农业;农村;种植养殖", "申请人从事相关农业生产经营活动。"},
    [G_VETERAN] = {false, false, TD | TT, true, true, 15, 1, "《中华人民共和国退役军人保障法》",
                   "退役军人;优待", "申请人为退出现役的军人，档案已移交本区。"},
    [G_POST] = {false, false, TD | TT | TV, false, true, 1, 0, "《中华人民共和国邮政法》",
                "邮寄;快递;寄递", "申请人需要寄递证照或材料。"},
};

/* ---- matters ---- */
typedef struct matter {
	const char *zh, *en;
	unsigned char acts, type, group;
	const char *event; /* life event, or NULL */
} matter;

#define L  CAT_LICENSING
#define PY CAT_PAYMENT
#define CF CAT_CONFIRMATION
#define LV CAT_LEVY
#define RW CAT_REWARD
#define AJ CAT_ADJUDICATION
#define OP CAT_OTHER_POWER
#define PS CAT_PUBLIC_SERVICE

static const matter m_sj[] = {
    /* anchors first: bundles name them */
    {"有限责任公司", "Limited liability company", AS_REG, L, G_ENT_REG, "business_open"},
    {"个体工商户", "Individual business", AS_REG, L, G_ENT_REG, "business_open"},
    {"小餐饮经营许可证", "Small catering permit", AS_LIC, L, G_LICENCE, "business_license"},
    {"企业简易注销登记", "Simplified deregistration", AS_ONE, L, G_ENT_REG, "business_close"},
    {"股份有限公司", "Joint-stock company", AS_REG, L, G_ENT_REG, NULL},
    {"个人独资企业", "Sole proprietorship", AS_REG, L, G_ENT_REG, NULL},
    {"合伙企业", "Partnership", AS_REG, L, G_ENT_REG, NULL},
    {"农民专业合作社", "Farmers' cooperative", AS_REG, L, G_ENT_REG, "agriculture"},
    {"分公司", "Branch company", AS_REG, L, G_ENT_REG, NULL},
    {"非公司企业法人", "Non-company enterprise legal person", AS_REG, L, G_ENT_REG, NULL},
    {"外商投资企业", "Foreign-invested enterprise", AS_REG, L, G_ENT_REG, NULL},
    {"外商投资合伙企业", "Foreign-invested partnership", AS_REG, L, G_ENT_REG, NULL},
    {"企业集团", "Enterprise group", AS_REG, L, G_ENT_REG, NULL},
    {"农民专业合作社联合社", "Federation of farmers' cooperatives", AS_REG, L, G_ENT_REG,
     "agriculture"},
    {"食品经营许可证", "Food business permit", AS_LIC, L, G_LICENCE, "business_license"},
    {"食品生产许可证", "Food production permit", AS_LIC, L, G_LICENCE, "business_license"},
    {"食品小作坊登记证", "Small food workshop registration", AS_LIC, L, G_LICENCE,
     "business_license"},
    {"药品经营许可证", "Drug business permit", AS_LIC, L, G_LICENCE, "business_license"},
    {"医疗器械经营许可证", "Medical device business permit", AS_LIC, L, G_LICENCE,
     "business_license"},
    {"特种设备使用登记证", "Special equipment use registration", AS_LIC, L, G_LICENCE, NULL},
    {"工业产品生产许可证", "Industrial product production permit", AS_LIC, L, G_LICENCE, NULL},
    {"检验检测机构资质认定证书", "Inspection body accreditation", AS_LIC, L, G_LICENCE, NULL},
    {"计量标准考核证书", "Measurement standard certificate", AS_LIC, L, G_LICENCE, NULL},
    {"特种设备作业人员证", "Special equipment operator certificate", AS_LIC, L, G_LICENCE,
     "employment"},
    {"食品摊贩登记卡", "Food stall registration card", AS_LIC, L, G_LICENCE, "business_license"},
    {"气瓶充装许可证", "Gas cylinder filling permit", AS_LIC, L, G_LICENCE, NULL},
    {"移动式压力容器充装许可证", "Mobile pressure vessel filling permit", AS_LIC, L, G_LICENCE,
     NULL},
    {"计量器具型式批准证书", "Measuring instrument type approval", AS_LIC, L, G_LICENCE, NULL},
    {"第三类医疗器械经营许可证", "Class III medical device business permit", AS_LIC, L, G_LICENCE,
     "business_license"},
    {"企业名称自主申报", "Company name declaration", AS_ONE, CF, G_ENT_SVC, "business_open"},
    {"营业执照遗失补领", "Replacement of a lost business licence", AS_ONE, OP, G_ENT_SVC, NULL},
    {"营业执照换发", "Renewal of a business licence", AS_ONE, OP, G_ENT_SVC, NULL},
    {"企业年度报告公示", "Annual report of an enterprise", AS_ONE, OP, G_ENT_SVC, NULL},
    {"个体工商户年度报告", "Annual report of an individual business", AS_ONE, OP, G_ENT_SVC, NULL},
    {"经营异常名录移出", "Removal from the abnormal operations list", AS_ONE, CF, G_ENT_SVC, NULL},
    {"严重违法失信名单移出", "Removal from the serious violations list", AS_ONE, CF, G_ENT_SVC,
     NULL},
    {"股权出质设立登记", "Equity pledge registration", AS_ONE, CF, G_ENT_SVC, NULL},
    {"股权出质注销登记", "Equity pledge cancellation", AS_ONE, CF, G_ENT_SVC, NULL},
    {"动产抵押登记", "Chattel mortgage registration", AS_ONE, CF, G_ENT_SVC, NULL},
    {"动产抵押注销登记", "Chattel mortgage cancellation", AS_ONE, CF, G_ENT_SVC, NULL},
    {"市场主体歇业备案", "Suspension of business filing", AS_ONE, OP, G_ENT_SVC, "business_change"},
    {"企业迁移登记", "Relocation registration", AS_ONE, L, G_ENT_REG, "business_change"},
    {"计量器具强制检定", "Mandatory verification of measuring instruments", AS_ONE, OP, G_ENT_SVC,
     NULL},
    {"特种设备安装改造维修告知", "Notice of special equipment works", AS_ONE, OP, G_ENT_SVC, NULL},
    {"消费投诉受理", "Consumer complaint", AS_ONE, PS, G_ENT_SVC, NULL},
    {"企业信用修复", "Credit repair of an enterprise", AS_ONE, CF, G_ENT_SVC, NULL},
    {"商品条码注册", "Barcode registration", AS_ONE, PS, G_ENT_SVC, NULL},
    {"企业标准自我声明公开", "Publication of enterprise standards", AS_ONE, PS, G_ENT_SVC, NULL},
    {"知识产权纠纷行政裁决", "Adjudication of intellectual property disputes", AS_ONE, AJ,
     G_ENT_SVC, NULL},
    {"质量技术监督行政奖励", "Quality supervision award", AS_ONE, RW, G_ENT_SVC, NULL},
    {"化妆品生产许可证", "Cosmetics production permit", AS_LIC, L, G_LICENCE, NULL},
    {"医疗器械生产许可证", "Medical device production permit", AS_LIC, L, G_LICENCE, NULL},
    {"食品添加剂生产许可证", "Food additive production permit", AS_LIC, L, G_LICENCE, NULL},
    {"压力管道元件制造许可证", "Pressure piping component permit", AS_LIC, L, G_LICENCE, NULL},
    {"锅炉压力容器安装改造维修许可证", "Boiler and pressure vessel works permit", AS_LIC, L,
     G_LICENCE, NULL},
    {"计量器具制造许可证", "Measuring instrument manufacturing permit", AS_LIC, L, G_LICENCE, NULL},
    {"第二类精神药品零售许可", "Retail permit for class II psychotropic drugs", AS_LIC, L,
     G_LICENCE, "business_license"},
    {"第二类医疗器械经营备案", "Class II medical device business filing", AS_FIL, OP, G_LICENCE,
     "business_license"},
    {"仅销售预包装食品备案", "Filing for selling prepackaged food only", AS_FIL, OP, G_LICENCE,
     "business_license"},
    {"保健食品经营备案", "Health food business filing", AS_FIL, OP, G_LICENCE, "business_license"},
    {"特殊医学用途配方食品经营备案", "Filing for medical formula food", AS_FIL, OP, G_LICENCE,
     "business_license"},
    {"网络餐饮服务第三方平台分支机构备案", "Filing of food delivery platform branches", AS_FIL, OP,
     G_LICENCE, NULL},
    {"产品质量检验机构备案", "Filing of product quality inspection bodies", AS_FIL, OP, G_LICENCE,
     NULL},
    {"化妆品经营备案", "Cosmetics business filing", AS_FIL, OP, G_LICENCE, "business_license"},
};

static const matter m_ny[] = {
    {"农药经营许可证", "Pesticide business permit", AS_LIC, L, G_AGRI, "agriculture"},
    {"兽药经营许可证", "Veterinary drug business permit", AS_LIC, L, G_AGRI, "agriculture"},
    {"种子生产经营许可证", "Seed production and business permit", AS_LIC, L, G_AGRI, "agriculture"},
    {"动物防疫条件合格证", "Animal epidemic prevention certificate", AS_LIC, L, G_AGRI,
     "agriculture"},
    {"生鲜乳收购站许可证", "Raw milk station permit", AS_LIC, L, G_AGRI, "agriculture"},
    {"水产苗种生产许可证", "Aquatic seedling production permit", AS_LIC, L, G_AGRI, "agriculture"},
    {"渔业捕捞许可证", "Fishing licence", AS_LIC, L, G_AGRI, "agriculture"},
    {"拖拉机和联合收割机登记", "Tractor and harvester registration", AS_LIC, L, G_AGRI,
     "agriculture"},
    {"农村宅基地", "Rural homestead", AS_APPR, L, G_AGRI, "housing"},
    {"农作物种子质量纠纷", "Crop seed quality dispute", AS_APPR, AJ, G_AGRI, "agriculture"},
    {"农业机械购置补贴", "Farm machinery purchase subsidy", AS_PAY, PY, G_AGRI, "agriculture"},
    {"耕地地力保护补贴", "Farmland protection subsidy", AS_PAY, PY, G_AGRI, "agriculture"},
    {"家庭农场", "Family farm", AS_CONF, CF, G_AGRI, "agriculture"},
    {"农产品质量安全追溯", "Agricultural product traceability", AS_CONF, OP, G_AGRI, "agriculture"},
    {"动物检疫合格证明出具", "Animal quarantine certificate", AS_ONE, OP, G_AGRI, "agriculture"},
    {"农村土地承包经营权流转备案", "Filing of land contract transfers", AS_ONE, CF, G_AGRI,
     "agriculture"},
    {"农业技术推广服务", "Agricultural extension service", AS_ONE, PS, G_AGRI, "agriculture"},
    {"农机驾驶人考试", "Farm machinery driver examination", AS_ONE, PS, G_AGRI, "agriculture"},
    {"新型职业农民认定", "Recognition of professional farmers", AS_ONE, CF, G_AGRI, "agriculture"},
    {"农业农村先进集体和个人奖励", "Agricultural merit award", AS_ONE, RW, G_AGRI, NULL},
    {"肥料登记证", "Fertiliser registration", AS_LIC, L, G_AGRI, "agriculture"},
    {"饲料和饲料添加剂生产许可证", "Feed production permit", AS_LIC, L, G_AGRI, "agriculture"},
    {"动物诊疗许可证", "Veterinary clinic permit", AS_LIC, L, G_AGRI, "agriculture"},
    {"蜂种生产经营许可证", "Bee breeding permit", AS_LIC, L, G_AGRI, "agriculture"},
    {"水域滩涂养殖证", "Aquaculture licence", AS_LIC, L, G_AGRI, "agriculture"},
    {"种畜禽生产经营许可证", "Breeding livestock permit", AS_LIC, L, G_AGRI, "agriculture"},
    {"执业兽医备案", "Filing of practising veterinarians", AS_FIL, OP, G_AGRI, "agriculture"},
    {"乡村兽医登记备案", "Filing of village veterinarians", AS_FIL, OP, G_AGRI, "agriculture"},
    {"渔业船舶", "Fishing vessel", AS_VREG, CF, G_AGRI, "agriculture"},
    {"农机报废更新补贴", "Subsidy for scrapping farm machinery", AS_PAY, PY, G_AGRI, "agriculture"},
    {"种粮大户补贴", "Subsidy for large grain growers", AS_PAY, PY, G_AGRI, "agriculture"},
    {"农业保险保费补贴", "Agricultural insurance premium subsidy", AS_PAY, PY, G_AGRI,
     "agriculture"},
};

static const matter m_sb[] = {
    {"单位社会保险登记", "Employer social insurance registration", AS_ONE, CF, G_INSURANCE,
     "employ"},
    {"职工退休申请", "Retirement application", AS_ONE, CF, G_INSURANCE, "retirement"},
    {"基本养老保险待遇申领", "Basic pension claim", AS_ONE, PY, G_INSURANCE, "retirement"},
    {"社会保障卡申领", "Social security card application", AS_ONE, PS, G_INSURANCE, "birth"},
    {"退役军人养老保险关系接续", "Pension transfer for veterans", AS_ONE, PS, G_INSURANCE,
     "military"},
    {"丧葬补助金申领", "Funeral grant claim", AS_ONE, PY, G_INSURANCE, "death"},
    {"单位社会保险注销登记", "Employer social insurance deregistration", AS_ONE, CF, G_INSURANCE,
     "business_close"},
    {"城乡居民基本养老保险", "Urban and rural residents' pension", AS_INS, PS, G_INSURANCE,
     "retirement"},
    {"企业职工基本养老保险", "Employees' basic pension", AS_INS, PS, G_INSURANCE, "retirement"},
    {"失业保险", "Unemployment insurance", AS_INS, PS, G_INSURANCE, "employment"},
    {"工伤保险", "Work injury insurance", AS_INS, PS, G_INSURANCE, "employ"},
    {"机关事业单位养老保险", "Public institutions' pension", AS_INS, PS, G_INSURANCE, "retirement"},
    {"被征地农民社会保障", "Social security of land-expropriated farmers", AS_INS, PS, G_INSURANCE,
     "retirement"},
    {"工伤", "Work injury", AS_CONF, CF, G_INSURANCE, "employ"},
    {"劳动能力鉴定", "Work capacity assessment", AS_CONF, CF, G_INSURANCE, "employ"},
    {"就业困难人员", "Persons with employment difficulties", AS_CONF, CF, G_INSURANCE,
     "employment"},
    {"创业担保贷款", "Start-up guaranteed loan", AS_PAY, PY, G_INSURANCE, "employment"},
    {"职业技能提升补贴", "Skills upgrading subsidy", AS_PAY, PY, G_INSURANCE, "employment"},
    {"稳岗返还", "Job stabilisation refund", AS_PAY, PY, G_INSURANCE, "employ"},
    {"劳务派遣经营许可证", "Labour dispatch permit", AS_LIC, L, G_LICENCE, "employ"},
    {"人力资源服务许可证", "Human resources service permit", AS_LIC, L, G_LICENCE, "employ"},
    {"民办职业技能培训学校", "Private vocational training school", AS_APPR, L, G_LICENCE, NULL},
    {"劳动人事争议仲裁申请", "Labour dispute arbitration", AS_ONE, AJ, G_INSURANCE, "employment"},
    {"劳动保障监察投诉", "Labour inspection complaint", AS_ONE, OP, G_INSURANCE, "employment"},
    {"特殊工时制度审批", "Special working hours approval", AS_ONE, L, G_ENT_SVC, "employ"},
    {"失业登记", "Unemployment registration", AS_ONE, PS, G_INSURANCE, "employment"},
    {"就业登记", "Employment registration", AS_ONE, PS, G_INSURANCE, "employment"},
    {"高校毕业生就业见习", "Graduate internships", AS_ONE, PS, G_INSURANCE, "employment"},
    {"职业技能等级认定", "Vocational skill level recognition", AS_ONE, CF, G_INSURANCE,
     "employment"},
    {"享受基本养老保险待遇人员领取资格认证", "Pensioner eligibility check", AS_ONE, OP, G_INSURANCE,
     "retirement"},
    {"求职创业补贴", "Job-seeking and start-up subsidy", AS_PAY, PY, G_INSURANCE, "employment"},
    {"一次性创业补贴", "One-off start-up subsidy", AS_PAY, PY, G_INSURANCE, "employment"},
    {"社会保险补贴", "Social insurance subsidy", AS_PAY, PY, G_INSURANCE, "employment"},
    {"职业培训补贴", "Vocational training subsidy", AS_PAY, PY, G_INSURANCE, "employment"},
    {"失业保险金", "Unemployment benefit", AS_PAY, PY, G_INSURANCE, "employment"},
    {"一次性吸纳就业补贴", "One-off hiring subsidy", AS_PAY, PY, G_INSURANCE, "employ"},
    {"工伤保险待遇", "Work injury benefits", AS_PAY, PY, G_INSURANCE, "employ"},
    {"高技能人才", "Highly skilled talent", AS_CONF, CF, G_INSURANCE, "employment"},
};

static const matter m_yb[] = {
    {"单位医疗保险参保登记", "Employer medical insurance registration", AS_ONE, PS, G_INSURANCE,
     "employ"},
    {"新生儿城乡居民医疗保险参保登记", "Medical insurance for a newborn", AS_ONE, PS, G_INSURANCE,
     "birth"},
    {"职工医疗保险退休待遇核定", "Retirement medical insurance", AS_ONE, CF, G_INSURANCE,
     "retirement"},
    {"退役军人医疗保险关系接续", "Medical insurance transfer for veterans", AS_ONE, PS, G_INSURANCE,
     "military"},
    {"医疗保险参保注销", "Medical insurance cancellation", AS_ONE, PS, G_INSURANCE, "death"},
    {"单位医疗保险注销登记", "Employer medical insurance deregistration", AS_ONE, PS, G_INSURANCE,
     "business_close"},
    {"生育津贴申领", "Maternity allowance claim", AS_ONE, PY, G_INSURANCE, "marriage"},
    {"城乡居民基本医疗保险", "Residents' basic medical insurance", AS_INS, PS, G_INSURANCE,
     "health"},
    {"职工基本医疗保险", "Employees' basic medical insurance", AS_INS, PS, G_INSURANCE, "health"},
    {"生育保险", "Maternity insurance", AS_INS, PS, G_INSURANCE, "marriage"},
    {"长期护理保险", "Long-term care insurance", AS_INS, PS, G_INSURANCE, "health"},
    {"门诊慢特病", "Chronic and special diseases", AS_CONF, CF, G_INSURANCE, "health"},
    {"异地就医备案", "Filing for medical treatment elsewhere", AS_ONE, PS, G_INSURANCE, "health"},
    {"医疗费用零星报销", "Reimbursement of medical expenses", AS_ONE, PY, G_INSURANCE, "health"},
    {"医疗救助", "Medical assistance", AS_PAY, PY, G_AID, "health"},
    {"定点医药机构", "Designated medical institutions", AS_CONF, CF, G_LICENCE, NULL},
    {"医保电子凭证激活", "Activation of the electronic medical insurance card", AS_ONE, PS,
     G_INSURANCE, "health"},
    {"个人账户家庭共济", "Family sharing of the personal account", AS_ONE, PS, G_INSURANCE,
     "health"},
    {"医疗保险欺诈骗保举报奖励", "Reward for reporting insurance fraud", AS_ONE, RW, G_INSURANCE,
     NULL},
    {"大病保险待遇", "Critical illness insurance benefits", AS_PAY, PY, G_INSURANCE, "health"},
    {"门诊共济保障待遇", "Outpatient mutual aid benefits", AS_PAY, PY, G_INSURANCE, "health"},
    {"特殊药品待遇", "Special drug benefits", AS_CONF, CF, G_INSURANCE, "health"},
    {"灵活就业人员医疗保险", "Medical insurance of the self-employed", AS_INS, PS, G_INSURANCE,
     "health"},
};

static const matter m_sw[] = {
    {"新办纳税人涉税事项办理", "Tax matters of a new taxpayer", AS_ONE, OP, G_TAX, "business_open"},
    {"发票领用", "Obtaining invoices", AS_ONE, OP, G_TAX, "business_open"},
    {"契税申报", "Deed tax declaration", AS_ONE, LV, G_TAX, "housing"},
    {"个人转让住房个人所得税申报", "Income tax on selling a home", AS_ONE, LV, G_TAX, "housing"},
    {"税务注销", "Tax deregistration", AS_ONE, OP, G_TAX, "business_close"},
    {"增值税", "Value-added tax", AS_FILE, LV, G_TAX, "tax"},
    {"企业所得税", "Enterprise income tax", AS_FILE, LV, G_TAX, "tax"},
    {"个人所得税经营所得", "Individual income tax on business income", AS_FILE, LV, G_TAX, "tax"},
    {"城镇土地使用税", "Urban land use tax", AS_FILE, LV, G_TAX, "tax"},
    {"房产税", "Property tax", AS_FILE, LV, G_TAX, "tax"},
    {"印花税", "Stamp duty", AS_FILE, LV, G_TAX, "tax"},
    {"车船税", "Vehicle and vessel tax", AS_FILE, LV, G_TAX, "travel"},
    {"资源税", "Resource tax", AS_FILE, LV, G_TAX, "tax"},
    {"环境保护税", "Environmental protection tax", AS_FILE, LV, G_TAX, "tax"},
    {"土地增值税", "Land value-added tax", AS_FILE, LV, G_TAX, "tax"},
    {"耕地占用税", "Farmland occupation tax", AS_FILE, LV, G_TAX, "construction"},
    {"文化事业建设费", "Culture development fee", AS_FILE, LV, G_TAX, "tax"},
    {"城乡居民基本养老保险费", "Residents' pension contributions", AS_FILE, LV, G_TAX,
     "retirement"},
    {"城乡居民基本医疗保险费", "Residents' medical insurance contributions", AS_FILE, LV, G_TAX,
     "health"},
    {"残疾人就业保障金", "Disability employment security fund", AS_FILE, LV, G_TAX, "employ"},
    {"纳税信用", "Tax credit rating", AS_CONF, CF, G_TAX, "tax"},
    {"增值税一般纳税人登记", "General VAT taxpayer registration", AS_ONE, CF, G_TAX, "tax"},
    {"出口退（免）税备案", "Export tax refund filing", AS_ONE, CF, G_TAX, "tax"},
    {"跨区域涉税事项报告", "Cross-region tax report", AS_ONE, OP, G_TAX, "tax"},
    {"纳税人信息变更", "Change of taxpayer information", AS_ONE, OP, G_TAX, "business_change"},
    {"完税证明开具", "Tax payment certificate", AS_ONE, PS, G_TAX, "tax"},
    {"增值税专用发票代开", "Issuing special VAT invoices on behalf", AS_ONE, OP, G_TAX, "tax"},
    {"税收优惠备案", "Filing of tax incentives", AS_ONE, CF, G_TAX, "tax"},
    {"纳税争议裁决", "Tax dispute decision", AS_ONE, AJ, G_TAX, "tax"},
    {"涉税举报奖励", "Reward for reporting tax violations", AS_ONE, RW, G_TAX, NULL},
    {"个人所得税综合所得", "Individual income tax on comprehensive income", AS_FILE, LV, G_TAX,
     "tax"},
    {"消费税", "Consumption tax", AS_FILE, LV, G_TAX, "tax"},
    {"城市维护建设税", "Urban maintenance and construction tax", AS_FILE, LV, G_TAX, "tax"},
    {"教育费附加", "Education surcharge", AS_FILE, LV, G_TAX, "tax"},
    {"车辆购置税", "Vehicle purchase tax", AS_FILE, LV, G_TAX, "travel"},
    {"烟叶税", "Tobacco leaf tax", AS_FILE, LV, G_TAX, "agriculture"},
    {"增值税专用发票最高开票限额审批", "Invoice limit approval", AS_ONE, L, G_TAX, "tax"},
    {"非正常户解除", "Lifting abnormal taxpayer status", AS_ONE, OP, G_TAX, "tax"},
    {"纳税人停业复业登记", "Suspension and resumption of business", AS_ONE, OP, G_TAX,
     "business_change"},
    {"税收完税证明补开", "Reissuing tax certificates", AS_ONE, PS, G_TAX, "tax"},
};

static const matter m_ga[] = {
    {"印章刻制备案", "Seal engraving filing", AS_ONE, OP, G_ENT_SVC, "business_open"},
    {"出生户口登记", "Registering a newborn's residence", AS_ONE, CF, G_POLICE, "birth"},
    {"退役军人户口登记", "Residence registration of a veteran", AS_ONE, CF, G_POLICE, "military"},
    {"死亡户口注销", "Deregistering a deceased person", AS_ONE, CF, G_POLICE, "death"},
    {"居住证申领", "Residence permit application", AS_ONE, PS, G_POLICE, "education"},
    {"印章缴销", "Surrender of seals", AS_ONE, OP, G_ENT_SVC, "business_close"},
    {"居民身份证", "Resident ID card", AS_CERT, CF, G_PERSON, "household"},
    {"临时居民身份证", "Temporary resident ID card", AS_CERT, CF, G_PERSON, "household"},
    {"户口迁入", "Moving residence in", AS_APPR, L, G_POLICE, "household"},
    {"户口迁出", "Moving residence out", AS_APPR, OP, G_POLICE, "household"},
    {"投靠亲属落户", "Joining relatives' household", AS_APPR, L, G_POLICE, "household"},
    {"出入境通行证件", "Exit-entry documents", AS_CERT, L, G_PERSON, "travel"},
    {"普通护照", "Ordinary passport", AS_CERT, L, G_PERSON, "travel"},
    {"往来港澳通行证", "Travel permit to Hong Kong and Macao", AS_CERT, L, G_PERSON, "travel"},
    {"往来台湾通行证", "Travel permit to Taiwan", AS_CERT, L, G_PERSON, "travel"},
    {"机动车驾驶证", "Driving licence", AS_CERT, L, G_VEHICLE, "travel"},
    {"机动车号牌", "Vehicle number plate", AS_CERT, CF, G_VEHICLE, "travel"},
    {"机动车检验合格标志", "Vehicle inspection mark", AS_CERT, CF, G_VEHICLE, "travel"},
    {"机动车", "Motor vehicle", AS_VREG, CF, G_VEHICLE, "travel"},
    {"非机动车", "Electric bicycle", AS_VREG, CF, G_VEHICLE, "travel"},
    {"犬只", "Dog", AS_REG, OP, G_POLICE, NULL},
    {"旅馆业特种行业许可证", "Hotel special trade permit", AS_LIC, L, G_LICENCE,
     "business_license"},
    {"公章刻制业特种行业许可证", "Seal engraving trade permit", AS_LIC, L, G_LICENCE,
     "business_license"},
    {"保安服务许可证", "Security service permit", AS_LIC, L, G_LICENCE, "business_license"},
    {"大型群众性活动安全许可", "Safety permit for large public events", AS_APPR, L, G_LICENCE,
     NULL},
    {"剧毒化学品购买许可", "Purchase permit for highly toxic chemicals", AS_APPR, L, G_LICENCE,
     NULL},
    {"民用爆炸物品购买许可", "Purchase permit for civil explosives", AS_APPR, L, G_LICENCE, NULL},
    {"烟花爆竹道路运输许可", "Road transport permit for fireworks", AS_APPR, L, G_LICENCE, NULL},
    {"户籍证明开具", "Household registration certificate", AS_ONE, PS, G_POLICE, "household"},
    {"无犯罪记录证明开具", "Certificate of no criminal record", AS_ONE, PS, G_POLICE, "employment"},
    {"户口簿补领", "Replacing a household register", AS_ONE, OP, G_POLICE, "household"},
    {"姓名变更登记", "Change of name", AS_ONE, CF, G_POLICE, "household"},
    {"见义勇为人员奖励", "Reward for acts of bravery", AS_ONE, RW, G_POLICE, NULL},
    {"交通事故损害赔偿调解", "Mediation of traffic accident damages", AS_ONE, AJ, G_VEHICLE,
     "travel"},
    {"违法举报奖励", "Reward for reporting violations", AS_ONE, RW, G_POLICE, NULL},
    {"居住证", "Residence permit", AS_CERT, PS, G_POLICE, "household"},
    {"机动车临时号牌", "Temporary number plate", AS_CERT, CF, G_VEHICLE, "travel"},
    {"校车使用许可", "School bus use permit", AS_LIC, L, G_LICENCE, "education"},
    {"易制毒化学品购买备案证明", "Filing for precursor chemicals", AS_FIL, OP, G_LICENCE, NULL},
    {"大中专学生落户", "Residence registration of graduates", AS_APPR, L, G_POLICE, "employment"},
    {"人才引进落户", "Residence for recruited talent", AS_APPR, L, G_POLICE, "employment"},
    {"身份证异地办理", "ID card away from home", AS_ONE, PS, G_PERSON, "household"},
};

static const matter m_cl[] = {
    {"残疾人证新办", "New disability certificate", AS_ONE, CF, G_DISABILITY, "disability"},
    {"残疾人辅助器具适配", "Assistive devices", AS_ONE, PS, G_DISABILITY, "disability"},
    {"残疾人证", "Disability certificate", AS_CERT, CF, G_DISABILITY, "disability"},
    {"残疾等级", "Disability grade", AS_CONF, CF, G_DISABILITY, "disability"},
    {"残疾人就业创业扶持", "Employment support for disabled persons", AS_PAY, PY, G_DISABILITY,
     "disability"},
    {"残疾儿童康复救助", "Rehabilitation aid for disabled children", AS_PAY, PY, G_DISABILITY,
     "disability"},
    {"残疾人家庭无障碍改造", "Barrier-free home adaptation", AS_PAY, PY, G_DISABILITY,
     "disability"},
    {"残疾学生助学", "Student aid for disabled students", AS_PAY, PY, G_DISABILITY, "education"},
    {"残疾人托养服务补贴", "Residential care subsidy for disabled persons", AS_PAY, PY,
     G_DISABILITY, "disability"},
    {"残疾人机动轮椅车燃油补贴", "Fuel subsidy for motorised wheelchairs", AS_PAY, PY, G_DISABILITY,
     "disability"},
    {"盲人按摩机构", "Blind massage establishments", AS_CONF, CF, G_LICENCE, "disability"},
    {"残疾人证迁移", "Transfer of a disability certificate", AS_ONE, PS, G_DISABILITY,
     "disability"},
    {"残疾人证注销", "Cancellation of a disability certificate", AS_ONE, PS, G_DISABILITY, "death"},
    {"残疾人基本康复服务补贴", "Basic rehabilitation subsidy", AS_PAY, PY, G_DISABILITY,
     "disability"},
    {"残疾人职业技能培训补贴", "Skills training subsidy for disabled persons", AS_PAY, PY,
     G_DISABILITY, "employment"},
    {"残疾人意外伤害保险补贴", "Accident insurance subsidy for disabled persons", AS_PAY, PY,
     G_DISABILITY, "disability"},
    {"用人单位安排残疾人就业", "Employment of disabled persons by employers", AS_CONF, CF,
     G_ENT_SVC, "employ"},
};

static const matter m_mz[] = {
    {"困难残疾人生活补贴申请", "Living allowance for disabled persons in need", AS_ONE, PY,
     G_DISABILITY, "disability"},
    {"重度残疾人护理补贴申请", "Care allowance for severely disabled persons", AS_ONE, PY,
     G_DISABILITY, "disability"},
    {"遗体火化", "Cremation", AS_ONE, PS, G_AID, "death"},
    {"结婚登记", "Marriage registration", AS_ONE, CF, G_PERSON, "marriage"},
    {"离婚登记", "Divorce registration", AS_ONE, CF, G_PERSON, "marriage"},
    {"补领婚姻登记证", "Replacing a marriage certificate", AS_ONE, CF, G_PERSON, "marriage"},
    {"最低生活保障", "Minimum living allowance", AS_PAY, PY, G_AID, "social_aid"},
    {"特困人员救助供养", "Support for persons in extreme poverty", AS_PAY, PY, G_AID, "social_aid"},
    {"临时救助", "Temporary assistance", AS_PAY, PY, G_AID, "social_aid"},
    {"孤儿基本生活费", "Living allowance for orphans", AS_PAY, PY, G_AID, "social_aid"},
    {"事实无人抚养儿童基本生活补贴", "Allowance for children without carers", AS_PAY, PY, G_AID,
     "social_aid"},
    {"高龄津贴", "Old-age allowance", AS_PAY, PY, G_AID, "retirement"},
    {"惠民殡葬补贴", "Funeral subsidy", AS_PAY, PY, G_AID, "death"},
    {"社会团体", "Social organisation", AS_REG, L, G_ENT_REG, NULL},
    {"民办非企业单位", "Private non-enterprise unit", AS_REG, L, G_ENT_REG, NULL},
    {"基金会", "Foundation", AS_REG, L, G_ENT_REG, NULL},
    {"养老机构", "Care home", AS_REG, OP, G_LICENCE, "retirement"},
    {"收养登记", "Adoption registration", AS_ONE, CF, G_PERSON, "marriage"},
    {"解除收养登记", "Dissolution of adoption", AS_ONE, CF, G_PERSON, "marriage"},
    {"地名命名更名审批", "Naming of places", AS_ONE, L, G_ENT_SVC, NULL},
    {"公益性骨灰堂审批", "Approval of public columbaria", AS_ONE, L, G_LICENCE, NULL},
    {"居民家庭经济状况核对", "Household economic status check", AS_ONE, CF, G_AID, "social_aid"},
    {"慈善组织认定", "Recognition of charities", AS_ONE, CF, G_ENT_SVC, NULL},
    {"行政区域界线争议裁决", "Boundary dispute decision", AS_ONE, AJ, G_ENT_SVC, NULL},
    {"社会救助先进表彰", "Social assistance merit award", AS_ONE, RW, G_AID, NULL},
    {"困境儿童生活补贴", "Allowance for children in difficulty", AS_PAY, PY, G_AID, "social_aid"},
    {"低保边缘家庭救助", "Aid for families just above the minimum", AS_PAY, PY, G_AID,
     "social_aid"},
    {"老年人助餐补贴", "Meal subsidy for the elderly", AS_PAY, PY, G_AID, "retirement"},
    {"特殊困难老年人居家适老化改造", "Home adaptation for elderly people", AS_PAY, PY, G_AID,
     "retirement"},
    {"经济困难老年人养老服务补贴", "Care subsidy for elderly people in need", AS_PAY, PY, G_AID,
     "retirement"},
    {"流浪乞讨人员救助", "Aid for homeless people", AS_ONE, PY, G_AID, "social_aid"},
    {"社区社会组织备案", "Filing of community organisations", AS_FIL, OP, G_ENT_SVC, NULL},
};

static const matter m_bdc[] = {
    {"不动产转移登记", "Transfer registration of real estate", AS_ONE, CF, G_PROPERTY, "housing"},
    {"不动产继承登记", "Registration of inherited real estate", AS_ONE, CF, G_PROPERTY, "death"},
    {"不动产登记资料查询", "Search of the real estate register", AS_ONE, PS, G_PROPERTY, "housing"},
    {"国有建设用地使用权及房屋所有权", "State land use right and house ownership", AS_PROP, CF,
     G_PROPERTY, "housing"},
    {"宅基地使用权及房屋所有权", "Homestead use right and house ownership", AS_PROP, CF, G_PROPERTY,
     "housing"},
    {"集体建设用地使用权", "Collective construction land use right", AS_PROP, CF, G_PROPERTY,
     "construction"},
    {"土地承包经营权", "Land contract right", AS_PROP, CF, G_PROPERTY, "agriculture"},
    {"林权", "Forest right", AS_PROP, CF, G_PROPERTY, "agriculture"},
    {"不动产抵押权", "Real estate mortgage", AS_PROP, CF, G_PROPERTY, "housing"},
    {"地役权", "Easement", AS_PROP, CF, G_PROPERTY, NULL},
    {"预告登记", "Advance notice registration", AS_FIL, CF, G_PROPERTY, "housing"},
    {"不动产首次登记", "First registration of real estate", AS_ONE, CF, G_PROPERTY, "housing"},
    {"不动产更正登记", "Correction registration", AS_ONE, CF, G_PROPERTY, "housing"},
    {"不动产异议登记", "Objection registration", AS_ONE, CF, G_PROPERTY, "housing"},
    {"查封登记", "Seizure registration", AS_ONE, CF, G_PROPERTY, NULL},
    {"不动产权证书补发", "Replacement of a title certificate", AS_ONE, CF, G_PROPERTY, "housing"},
    {"不动产权证书换发", "Renewal of a title certificate", AS_ONE, CF, G_PROPERTY, "housing"},
    {"不动产登记证明", "Certificate of registration", AS_ONE, PS, G_PROPERTY, "housing"},
    {"海域使用权", "Sea area use right", AS_PROP, CF, G_PROPERTY, NULL},
    {"构筑物所有权", "Ownership of structures", AS_PROP, CF, G_PROPERTY, "construction"},
    {"在建建筑物抵押权", "Mortgage on buildings under construction", AS_PROP, CF, G_PROPERTY,
     "construction"},
};

static const matter m_gjj[] = {
    {"住房公积金单位缴存登记", "Employer housing fund registration", AS_ONE, PS, G_FUND,
     "business_open"},
    {"住房公积金退休提取", "Housing fund withdrawal on retirement", AS_ONE, PS, G_FUND,
     "retirement"},
    {"住房公积金死亡提取", "Housing fund withdrawal after a death", AS_ONE, PS, G_FUND, "death"},
    {"住房公积金贷款申请", "Housing fund loan application", AS_ONE, PS, G_FUND, "housing"},
    {"购房提取住房公积金", "Withdrawal for buying a home", AS_ONE, PS, G_FUND, "housing"},
    {"租房提取住房公积金", "Withdrawal for rent", AS_ONE, PS, G_FUND, "housing"},
    {"偿还贷款提取住房公积金", "Withdrawal for loan repayment", AS_ONE, PS, G_FUND, "housing"},
    {"离职提取住房公积金", "Withdrawal on leaving a job", AS_ONE, PS, G_FUND, "employment"},
    {"个人住房公积金账户", "Personal housing fund account", AS_INS, PS, G_FUND, "housing"},
    {"住房公积金贷款提前还款", "Early repayment of a housing fund loan", AS_ONE, PS, G_FUND,
     "housing"},
    {"住房公积金缴存证明", "Certificate of housing fund contributions", AS_ONE, PS, G_FUND,
     "housing"},
    {"住房公积金异地转移接续", "Transfer of a housing fund account", AS_ONE, PS, G_FUND,
     "employment"},
    {"单位缓缴住房公积金", "Deferral of employer contributions", AS_ONE, OP, G_FUND, "employ"},
    {"住房公积金缴存基数调整", "Adjustment of the contribution base", AS_ONE, PS, G_FUND, "employ"},
    {"偿还商业贷款提取住房公积金", "Withdrawal for commercial loan repayment", AS_ONE, PS, G_FUND,
     "housing"},
    {"大病医疗提取住房公积金", "Withdrawal for serious illness", AS_ONE, PS, G_FUND, "health"},
    {"灵活就业人员自愿缴存住房公积金", "Voluntary contributions of the self-employed", AS_ONE, PS,
     G_FUND, "employment"},
    {"出境定居提取住房公积金", "Withdrawal on settling abroad", AS_ONE, PS, G_FUND, "household"},
    {"住房公积金贷款结清证明", "Certificate of loan settlement", AS_ONE, PS, G_FUND, "housing"},
};

static const matter m_yz[] = {
    {"证照寄递", "Posting certificates", AS_ONE, PS, G_POST, NULL},
    {"申请材料寄递", "Posting application materials", AS_ONE, PS, G_POST, NULL},
    {"出入境证件寄递", "Posting exit-entry documents", AS_ONE, PS, G_POST, "travel"},
    {"驾驶证邮寄换证", "Driving licence renewal by post", AS_ONE, PS, G_POST, "travel"},
    {"社会保障卡寄递", "Posting social security cards", AS_ONE, PS, G_POST, NULL},
    {"邮政普遍服务", "Universal postal service", AS_ONE, PS, G_POST, NULL},
    {"国际邮件寄递", "International mail", AS_ONE, PS, G_POST, NULL},
    {"集邮业务", "Philately", AS_ONE, PS, G_POST, NULL},
    {"邮政汇兑", "Postal remittance", AS_ONE, PS, G_POST, NULL},
    {"报刊订阅", "Newspaper subscriptions", AS_ONE, PS, G_POST, NULL},
};

static const matter m_zr[] = {
    {"建设项目用地预审与选址意见书", "Land pre-review and site selection", AS_APPR, L, G_LAND,
     "construction"},
    {"建设用地规划许可证", "Land use planning permit", AS_LIC, L, G_LAND, "construction"},
    {"建设工程规划许可证", "Construction planning permit", AS_LIC, L, G_LAND, "construction"},
    {"乡村建设规划许可证", "Rural construction planning permit", AS_LIC, L, G_LAND, "housing"},
    {"采矿许可证", "Mining licence", AS_LIC, L, G_LAND, NULL},
    {"林木采伐许可证", "Timber felling permit", AS_LIC, L, G_AGRI, "agriculture"},
    {"临时用地", "Temporary land use", AS_APPR, L, G_LAND, "construction"},
    {"农用地转用", "Conversion of farmland", AS_APPR, L, G_LAND, "construction"},
    {"使用林地", "Use of forest land", AS_APPR, L, G_LAND, "construction"},
    {"土地权属争议", "Land ownership dispute", AS_CONF, AJ, G_LAND, NULL},
    {"规划条件核实", "Verification of planning conditions", AS_ONE, OP, G_LAND, "construction"},
    {"测绘成果提供", "Provision of survey results", AS_ONE, PS, G_LAND, NULL},
    {"地质灾害危险性评估备案", "Geological hazard assessment filing", AS_ONE, OP, G_LAND,
     "construction"},
    {"古树名木迁移审批", "Relocation of ancient trees", AS_ONE, L, G_AGRI, NULL},
    {"测绘资质证书", "Surveying qualification", AS_LIC, L, G_LAND, NULL},
    {"城乡规划编制单位资质", "Planning institute qualification", AS_LIC, L, G_LAND, NULL},
    {"临时建设工程规划许可证", "Temporary construction planning permit", AS_LIC, L, G_LAND,
     "construction"},
    {"土地复垦方案", "Land reclamation plan", AS_APPR, L, G_LAND, "construction"},
    {"建设用地改变用途", "Change of use of construction land", AS_APPR, L, G_LAND, "construction"},
    {"国有建设用地使用权划拨", "Allocation of state construction land", AS_APPR, L, G_LAND,
     "construction"},
};

static const matter m_zj[] = {
    {"存量房买卖合同网签备案", "Online filing of second-hand home contracts", AS_ONE, OP,
     G_PROPERTY, "housing"},
    {"城镇污水排入排水管网许可证", "Sewage discharge permit", AS_LIC, L, G_BUILD,
     "business_license"},
    {"户外广告设施设置", "Outdoor advertising", AS_APPR, L, G_BUILD, "business_license"},
    {"建筑工程施工许可证", "Construction works permit", AS_LIC, L, G_BUILD, "construction"},
    {"建筑业企业资质", "Construction enterprise qualification", AS_LIC, L, G_BUILD, "construction"},
    {"房地产开发企业资质", "Real estate developer qualification", AS_LIC, L, G_BUILD,
     "construction"},
    {"商品房预售许可证", "Pre-sale permit for commodity housing", AS_LIC, L, G_BUILD, "housing"},
    {"燃气经营许可证", "Gas business permit", AS_LIC, L, G_BUILD, "business_license"},
    {"城市建筑垃圾处置核准", "Construction waste disposal", AS_APPR, L, G_BUILD, "construction"},
    {"占用挖掘城市道路", "Occupying or digging city roads", AS_APPR, L, G_BUILD, "construction"},
    {"城市绿地占用", "Occupying urban green space", AS_APPR, L, G_BUILD, "construction"},
    {"建设工程消防设计", "Fire protection design", AS_APPR, L, G_BUILD, "construction"},
    {"建设工程消防验收", "Fire protection acceptance", AS_APPR, L, G_BUILD, "construction"},
    {"房屋建筑和市政基础设施工程竣工验收备案", "Completion filing of works", AS_ONE, OP, G_BUILD,
     "construction"},
    {"公共租赁住房", "Public rental housing", AS_PAY, PY, G_AID, "housing"},
    {"住房租赁补贴", "Rent subsidy", AS_PAY, PY, G_AID, "housing"},
    {"房屋租赁合同备案", "Filing of a lease", AS_ONE, OP, G_PROPERTY, "housing"},
    {"物业服务企业备案", "Filing of a property management company", AS_ONE, OP, G_ENT_SVC, NULL},
    {"住宅专项维修资金使用", "Use of housing maintenance funds", AS_ONE, OP, G_PROPERTY, "housing"},
    {"建筑施工企业安全生产许可证", "Safety production permit for builders", AS_LIC, L, G_BUILD,
     "construction"},
    {"工程质量安全举报奖励", "Reward for reporting quality hazards", AS_ONE, RW, G_BUILD, NULL},
    {"房屋征收补偿", "Compensation for house expropriation", AS_ONE, LV, G_PROPERTY, "housing"},
    {"工程监理企业资质", "Construction supervision qualification", AS_LIC, L, G_BUILD,
     "construction"},
    {"工程勘察设计资质", "Survey and design qualification", AS_LIC, L, G_BUILD, "construction"},
    {"预拌混凝土企业资质", "Ready-mixed concrete qualification", AS_LIC, L, G_BUILD,
     "construction"},
    {"建设工程质量检测机构资质", "Construction testing qualification", AS_LIC, L, G_BUILD,
     "construction"},
    {"建筑施工特种作业人员操作资格证", "Special construction operator certificate", AS_CERT, L,
     G_BUILD, "employment"},
    {"房地产经纪机构备案", "Filing of estate agencies", AS_FIL, OP, G_ENT_SVC, "housing"},
};

static const matter m_wj[] = {
    {"出生医学证明签发", "Birth certificate", AS_ONE, CF, G_PERSON, "birth"},
    {"预防接种证办理", "Vaccination certificate", AS_ONE, PS, G_PERSON, "birth"},
    {"死亡医学证明签发", "Medical certificate of death", AS_ONE, CF, G_PERSON, "death"},
    {"公共场所卫生许可证", "Public place hygiene permit", AS_LIC, L, G_HEALTH, "business_license"},
    {"预防接种证明查验", "Check of vaccination records", AS_ONE, PS, G_PERSON, "education"},
    {"生育登记", "Birth registration", AS_ONE, PS, G_PERSON, "marriage"},
    {"医疗机构执业许可证", "Medical institution licence", AS_LIC, L, G_HEALTH, NULL},
    {"医师执业证书", "Physician practising certificate", AS_LIC, L, G_HEALTH, "employment"},
    {"护士执业证书", "Nurse practising certificate", AS_LIC, L, G_HEALTH, "employment"},
    {"放射诊疗许可证", "Radiological diagnosis permit", AS_LIC, L, G_HEALTH, NULL},
    {"母婴保健技术服务执业许可证", "Maternal and infant care permit", AS_LIC, L, G_HEALTH, NULL},
    {"饮用水供水单位卫生许可证", "Drinking water hygiene permit", AS_LIC, L, G_HEALTH, NULL},
    {"乡村医生执业证书", "Village doctor certificate", AS_LIC, L, G_HEALTH, "employment"},
    {"计划生育家庭特别扶助金", "Special support for family planning families", AS_PAY, PY, G_AID,
     "retirement"},
    {"农村部分计划生育家庭奖励扶助", "Reward support for rural families", AS_PAY, RW, G_AID,
     "retirement"},
    {"独生子女父母奖励", "Reward for one-child parents", AS_PAY, RW, G_AID, "retirement"},
    {"医疗事故争议处理", "Medical accident disputes", AS_ONE, AJ, G_HEALTH, "health"},
    {"职业病诊断", "Occupational disease diagnosis", AS_CONF, CF, G_HEALTH, "health"},
    {"健康证明办理", "Health certificate", AS_ONE, PS, G_PERSON, "employment"},
    {"无偿献血者优待", "Benefits for blood donors", AS_ONE, PY, G_PERSON, "health"},
    {"诊所备案", "Filing of clinics", AS_FIL, OP, G_HEALTH, NULL},
    {"中医诊所备案", "Filing of traditional Chinese medicine clinics", AS_FIL, OP, G_HEALTH, NULL},
    {"托育机构备案", "Filing of childcare centres", AS_FIL, OP, G_HEALTH, "birth"},
    {"消毒产品生产企业卫生许可证", "Disinfectant production hygiene permit", AS_LIC, L, G_HEALTH,
     NULL},
    {"职业卫生技术服务机构资质", "Occupational health service qualification", AS_LIC, L, G_HEALTH,
     NULL},
    {"医疗广告审查", "Review of medical advertising", AS_APPR, L, G_HEALTH, NULL},
    {"外籍医师来华短期执业", "Short-term practice of foreign physicians", AS_APPR, L, G_HEALTH,
     "employment"},
};

static const matter m_jt[] = {
    {"道路旅客运输经营许可证", "Road passenger transport permit", AS_LIC, L, G_TRANSPORT,
     "business_license"},
    {"道路货物运输经营许可证", "Road freight transport permit", AS_LIC, L, G_TRANSPORT,
     "business_license"},
    {"网络预约出租汽车运输证", "Ride-hailing vehicle permit", AS_LIC, L, G_TRANSPORT,
     "business_license"},
    {"巡游出租汽车车辆营运证", "Taxi operating permit", AS_LIC, L, G_TRANSPORT, "business_license"},
    {"机动车驾驶员培训", "Driver training", AS_REG, OP, G_TRANSPORT, "business_license"},
    {"机动车维修经营", "Vehicle repair business", AS_REG, OP, G_TRANSPORT, "business_license"},
    {"道路运输从业人员从业资格证", "Transport worker qualification", AS_CERT, L, G_TRANSPORT,
     "employment"},
    {"超限运输车辆行驶公路", "Over-limit vehicles on highways", AS_APPR, L, G_TRANSPORT, "travel"},
    {"涉路施工", "Works affecting roads", AS_APPR, L, G_TRANSPORT, "construction"},
    {"港口经营许可证", "Port business permit", AS_LIC, L, G_TRANSPORT, NULL},
    {"公路建设项目施工许可", "Highway construction permit", AS_ONE, L, G_BUILD, "construction"},
    {"城市公共交通优待证", "Public transport concession card", AS_ONE, PS, G_PERSON, "travel"},
    {"出租汽车经营许可证", "Taxi business permit", AS_LIC, L, G_TRANSPORT, "business_license"},
    {"道路运输站（场）经营许可证", "Bus station business permit", AS_LIC, L, G_TRANSPORT,
     "business_license"},
    {"机动车驾驶培训教练员证", "Driving instructor certificate", AS_CERT, L, G_TRANSPORT,
     "employment"},
    {"船员适任证书", "Seafarer's certificate", AS_CERT, L, G_TRANSPORT, "employment"},
    {"内河船舶", "Inland vessel", AS_VREG, CF, G_TRANSPORT, "travel"},
};

static const matter m_jy[] = {
    {"义务教育新生入学登记", "Enrolment in compulsory education", AS_ONE, PS, G_EDU, "education"},
    {"民办学校", "Private school", AS_REG, L, G_LICENCE, "education"},
    {"校外培训机构", "After-school training institution", AS_REG, L, G_LICENCE, "education"},
    {"教师资格", "Teacher qualification", AS_CONF, L, G_EDU, "employment"},
    {"学生资助", "Student financial aid", AS_PAY, PY, G_EDU, "education"},
    {"中小学生转学", "School transfer", AS_ONE, PS, G_EDU, "education"},
    {"学籍信息变更", "Change of school records", AS_ONE, PS, G_EDU, "education"},
    {"学历证明书", "Certificate of education", AS_ONE, PS, G_EDU, "education"},
    {"幼儿园入园登记", "Kindergarten enrolment", AS_ONE, PS, G_EDU, "education"},
    {"适龄儿童少年延缓入学", "Deferred school entry", AS_ONE, OP, G_EDU, "education"},
    {"教师资格证书补发", "Replacing a teacher certificate", AS_ONE, OP, G_EDU, "employment"},
    {"优秀教师表彰", "Award for outstanding teachers", AS_ONE, RW, G_EDU, NULL},
    {"民办幼儿园", "Private kindergarten", AS_REG, L, G_LICENCE, "education"},
    {"中小学教材选用备案", "Filing of school textbook choices", AS_FIL, OP, G_EDU, "education"},
    {"学前教育资助", "Pre-school financial aid", AS_PAY, PY, G_EDU, "education"},
    {"普通高中国家助学金", "National grant for high school students", AS_PAY, PY, G_EDU,
     "education"},
    {"生源地信用助学贷款", "Student loans", AS_PAY, PY, G_EDU, "education"},
};

static const matter m_ty[] = {
    {"退役士兵报到", "Reporting of discharged soldiers", AS_ONE, CF, G_VETERAN, "military"},
    {"退役军人优待证申领", "Veteran preferential card", AS_ONE, CF, G_VETERAN, "military"},
    {"自主就业退役士兵一次性经济补助", "One-off grant for self-employed veterans", AS_ONE, PY,
     G_VETERAN, "military"},
    {"退役士兵安置", "Placement of discharged soldiers", AS_CONF, OP, G_VETERAN, "military"},
    {"伤残抚恤", "Disability pension for the wounded", AS_PAY, PY, G_VETERAN, "military"},
    {"定期抚恤金", "Regular survivors' pension", AS_PAY, PY, G_VETERAN, "military"},
    {"义务兵家庭优待金", "Allowance for conscripts' families", AS_PAY, PY, G_VETERAN, "military"},
    {"烈士褒扬金", "Martyr's honour payment", AS_PAY, PY, G_VETERAN, "military"},
    {"残疾军人", "Disabled servicemen", AS_CONF, CF, G_VETERAN, "military"},
    {"退役军人创业扶持", "Start-up support for veterans", AS_ONE, PY, G_VETERAN, "employment"},
    {"光荣牌悬挂", "Honour plaques", AS_ONE, RW, G_VETERAN, "military"},
    {"军人军属荣誉证申领", "Honour certificate for military families", AS_ONE, RW, G_VETERAN,
     "military"},
    {"带病回乡退伍军人生活补助", "Allowance for veterans returned ill", AS_PAY, PY, G_VETERAN,
     "military"},
    {"参战参试退役人员补助", "Allowance for combat and test veterans", AS_PAY, PY, G_VETERAN,
     "military"},
    {"退役军人临时救助", "Temporary aid for veterans", AS_PAY, PY, G_VETERAN, "military"},
    {"烈士遗属", "Martyrs' survivors", AS_CONF, CF, G_VETERAN, "military"},
};

#undef L
#undef PY
#undef CF
#undef LV
#undef RW
#undef AJ
#undef OP
#undef PS

/* Departments by code (demo.c), their type code prefix and matters. */
static const struct dept_matters {
	const char *code, *abbr;
	const matter *m;
	size_t n;
} dept_list[] = {
#define D(code, abbr, arr)                                                                         \
	{                                                                                          \
		code, abbr, arr, sizeof arr / sizeof arr[0]                                        \
	}
    D("YD-SJ", "SJ", m_sj),    D("YD-NY", "NY", m_ny), D("YD-SB", "SB", m_sb),
    D("YD-YB", "YB", m_yb),    D("YD-SW", "SW", m_sw), D("YD-GA", "GA", m_ga),
    D("YD-CL", "CL", m_cl),    D("YD-MZ", "MZ", m_mz), D("YD-BDC", "BDC", m_bdc),
    D("YD-GJJ", "GJJ", m_gjj), D("YD-YZ", "YZ", m_yz), D("YD-ZR", "ZR", m_zr),
    D("YD-ZJ", "ZJ", m_zj),    D("YD-WJ", "WJ", m_wj), D("YD-JT", "JT", m_jt),
    D("YD-JY", "JY", m_jy),    D("YD-TY", "TY", m_ty),
#undef D
};
#define N_DEPT_LIST (sizeof dept_list / sizeof dept_list[0])

/* Bundles: code, name, English, lead department, member item names. */
static const struct {
	const char *code, *name, *en, *lead, *desc;
	const char *items[8];
} bundles[] = {
    {"YJS-KBQY",
     "开办企业",
     "Starting a business",
     "YD-SJ",
     "营业执照、印章刻制、涉税事项和发票、社保和医保登记、公积金开户，一表申请、一次办结。",
     {"有限责任公司设立登记", "印章刻制备案", "新办纳税人涉税事项办理", "发票领用",
      "单位社会保险登记", "单位医疗保险参保登记", "住房公积金单位缴存登记", NULL}},
    {"YJS-XSECS",
     "新生儿出生",
     "A child is born",
     "YD-WJ",
     "出生医学证明、户口登记、医保参保、社保卡和预防接种证一次办理。",
     {"出生医学证明签发", "出生户口登记", "新生儿城乡居民医疗保险参保登记", "社会保障卡申领",
      "预防接种证办理", NULL}},
    {"YJS-CJRZ",
     "残疾人证办理",
     "Disability certificate",
     "YD-CL",
     "残疾人证与两项补贴、辅助器具适配一次申请，可由亲属或村（社区）代办，评定可上门或视频进行。",
     {"残疾人证新办", "困难残疾人生活补贴申请", "重度残疾人护理补贴申请", "残疾人辅助器具适配",
      NULL}},
    {"YJS-TX",
     "退休",
     "Retirement",
     "YD-SB",
     "退休审批、养老金领取、医保退休待遇和公积金提取一次办。",
     {"职工退休申请", "基本养老保险待遇申领", "职工医疗保险退休待遇核定", "住房公积金退休提取",
      NULL}},
    {"YJS-BDCZY",
     "不动产转移登记",
     "Real estate transfer",
     "YD-BDC",
     "转移登记、契税申报和登记资料查询一窗受理、并联办理。",
     {"不动产转移登记", "契税申报", "不动产登记资料查询", NULL}},
    {"YJS-ESF",
     "二手房交易",
     "Buying a second-hand home",
     "YD-BDC",
     "网签备案、税费申报、转移登记和公积金贷款一次办理。",
     {"存量房买卖合同网签备案", "契税申报", "个人转让住房个人所得税申报", "不动产转移登记",
      "住房公积金贷款申请", NULL}},
    {"YJS-CYD",
     "开办餐饮店",
     "Opening a restaurant",
     "YD-SJ",
     "个体工商户登记、小餐饮经营许可、卫生许可、排水和户外招牌一次申请。",
     {"个体工商户设立登记", "小餐饮经营许可证核发", "公共场所卫生许可证核发",
      "城镇污水排入排水管网许可证核发", "户外广告设施设置审批", NULL}},
    {"YJS-JRTY",
     "军人退役",
     "Leaving the armed forces",
     "YD-TY",
     "报到、户口登记、社保和医保接续、优待证一次办理。",
     {"退役士兵报到", "退役军人户口登记", "退役军人养老保险关系接续", "退役军人医疗保险关系接续",
      "退役军人优待证申领", NULL}},
    {"YJS-SHS",
     "身后事",
     "After a death",
     "YD-MZ",
     "死亡证明、户口注销、火化、丧葬补助、医保注销、公积金提取和不动产继承一次办理。",
     {"死亡医学证明签发", "死亡户口注销", "遗体火化", "丧葬补助金申领", "医疗保险参保注销",
      "住房公积金死亡提取", "不动产继承登记", NULL}},
    {"YJS-RX",
     "入学",
     "Starting school",
     "YD-JY",
     "入学登记、居住证和预防接种证明查验一次办理。",
     {"义务教育新生入学登记", "居住证申领", "预防接种证明查验", NULL}},
    {"YJS-QYZX",
     "企业注销",
     "Closing a business",
     "YD-SJ",
     "营业执照、税务、社保、医保注销和印章缴销一次办理。",
     {"企业简易注销登记", "税务注销", "单位社会保险注销登记", "单位医疗保险注销登记", "印章缴销",
      NULL}},
    {"YJS-JHSY",
     "结婚生育",
     "Marriage and a child",
     "YD-MZ",
     "结婚登记、生育登记和生育津贴一次办理。",
     {"结婚登记", "生育登记", "生育津贴申领", NULL}},
};

/* ---- generation ---- */

/* A small deterministic hash (FNV-1a) for tie-breaks. */
static uint32_t fnv(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

typedef struct gen_item {
	cat_item it;
	int dept;   /* index in dept_list */
	int seq;    /* within the department */
	int weight; /* complexity */
	bool anchor;
	uint32_t hash;
} gen_item;

static size_t combos(size_t d)
{
	size_t n = 0;
	for (size_t i = 0; i < dept_list[d].n; i++)
		n += actsets[dept_list[d].m[i].acts].n;
	return n;
}

size_t demo_catalog_capacity(void)
{
	size_t n = 0;
	for (size_t d = 0; d < N_DEPT_LIST; d++)
		n += combos(d);
	return n;
}

static void add_material(cat_item *it, const dmat *m)
{
	cat_material *x = cat_item_add_material(it);
	cpy(x->name, sizeof x->name, m->name);
	x->form = m->form;
	x->count = m->count ? m->count : 1;
	x->required = m->condition == NULL;
	cpy(x->condition, sizeof x->condition, m->condition ? m->condition : "");
	x->e_licence = m->e_licence;
}

static void add_fields(cat_item *it, const dfield *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool dup = false;
		for (size_t j = 0; j < it->n_fields && !dup; j++)
			dup = !strcmp(it->fields[j].name, f[i].name);
		if (dup)
			continue;
		cat_field *x = cat_item_add_field(it);
		cpy(x->name, sizeof x->name, f[i].name);
		cpy(x->label, sizeof x->label, f[i].label);
		cpy(x->label_en, sizeof x->label_en, f[i].label_en);
		x->type = f[i].type;
		x->required = f[i].required;
	}
}

static void add_keywords(cat_item *it, const char *list)
{
	char tmp[256];
	cpy(tmp, sizeof tmp, list);
	char *s = tmp;
	while (s && *s) {
		char *e = strchr(s, ';');
		if (e)
			*e = '\0';
		if (*s)
			cat_item_add_keyword(it, s);
		s = e ? e + 1 : NULL;
	}
}

/* Fill one item's content (depth, type adjustments come later). */
static void build(gen_item *g, const demo_district *dd, size_t d, const matter *m, const action *a)
{
	cat_item *it = &g->it;
	cat_item_init(it);
	const group_info *gi = &groups[m->group];
	if (a) {
		snprintf(it->name, sizeof it->name, "%s%s", m->zh, a->zh);
		snprintf(it->name_en, sizeof it->name_en, "%s: %s", m->en, a->en);
	} else {
		cpy(it->name, sizeof it->name, m->zh);
		cpy(it->name_en, sizeof it->name_en, m->en);
	}
	cpy(it->department, sizeof it->department, dept_list[d].code);
	for (size_t i = 0; i < dd->n_departments; i++)
		if (!strcmp(dd->departments[i].code, dept_list[d].code))
			it->department_id = dd->departments[i].id;
	it->type = (cat_type)m->type;
	g->weight = gi->weight + (a ? a->weight : 1);
	g->hash = fnv(it->name);
	it->immediate = a ? a->immediate : gi->legal_days <= 1;
	if (m->group == G_POST || m->group == G_FUND)
		it->immediate = it->immediate || g->hash % 3 == 0;
	it->legal_days = gi->legal_days;
	if (it->immediate) {
		it->promised_days = 0;
		if (it->legal_days == 0)
			it->legal_days = 1;
	} else {
		int p = gi->legal_days / 4 + (int)(g->hash % 3);
		it->promised_days = p < 1 ? 1 : p > it->legal_days ? it->legal_days : p;
	}
	/* fees: real estate registration and ID cards */
	if (m->group == G_PROPERTY && a &&
	    (!strcmp(a->zh, "首次登记") || !strcmp(a->zh, "转移登记"))) {
		it->fee_fen = 8000;
		cpy(it->fee_note, sizeof it->fee_note, "住宅类不动产登记费每件80元，小微企业免收");
	}
	if (!strcmp(m->zh, "居民身份证") && a) {
		it->fee_fen = a->weight == 0 ? 4000 : 2000;
		cpy(it->fee_note, sizeof it->fee_note, "居民身份证工本费");
	}
	it->accept_tiers = gi->tiers;
	it->decide_tier = TIER_DISTRICT;
	if (m->group == G_AID && g->hash % 2 == 0)
		it->decide_tier = TIER_TOWNSHIP;
	if (it->immediate && !(it->accept_tiers & CAT_TIER_BIT(it->decide_tier)))
		it->decide_tier = TIER_DISTRICT;
	it->channels = CAT_CH_WINDOW;
	if (gi->proxy)
		it->channels |= CAT_CH_PROXY;
	if (gi->post)
		it->channels |= CAT_CH_POST;
	if (m->event)
		it->life_events |= 1u << cat_life_event_parse(m->event);
	if (a && a->event && gi->enterprise)
		it->life_events |= 1u << cat_life_event_parse(a->event);
	cat_item_set_text(&it->legal_basis, gi->basis);
	cat_item_set_text(&it->conditions, gi->condition);
	/* materials */
	for (size_t i = 0; i < 8 && mats[m->group][i].name; i++)
		add_material(it, &mats[m->group][i]);
	if (m->group == G_ENT_REG && a && a->weight != 3)
		add_material(it, &m_licence_cond);
	/* form fields */
	if (gi->enterprise)
		add_fields(it, f_ent, sizeof f_ent / sizeof f_ent[0]);
	else
		add_fields(it, f_person, sizeof f_person / sizeof f_person[0]);
	if (gi->property)
		add_fields(it, f_property, sizeof f_property / sizeof f_property[0]);
	if (m->group == G_PERSON || m->group == G_VETERAN)
		add_fields(it, f_date, 1);
	/* keywords: the matter itself, then the group's */
	cat_item_add_keyword(it, m->zh);
	add_keywords(it, gi->keywords);
	/* process */
	if (it->immediate) {
		cat_item_add_step(it, "申请人提交申请材料（窗口、网上或掌上）");
		cat_item_add_step(it, "窗口审核材料，符合条件的当场办结");
		cat_item_add_step(it, "当场领取结果或选择邮寄送达");
	} else {
		cat_item_add_step(it, "申请人提交申请材料（窗口、网上或掌上）");
		cat_item_add_step(it, "窗口审查材料，作出受理或一次性告知补正");
		cat_item_add_step(it, "业务科室审查，必要时现场核查");
		cat_item_add_step(it, "作出决定并制证");
		cat_item_add_step(it, "窗口领取或免费邮寄送达");
	}
}

static int cmp_complex(const void *a, const void *b)
{
	const gen_item *x = *(const gen_item *const *)a, *y = *(const gen_item *const *)b;
	if (x->weight != y->weight)
		return y->weight - x->weight; /* most complex first */
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return strcmp(x->it.name, y->it.name);
}

static int cmp_power(const void *a, const void *b)
{
	/* candidates to flip: the most service-like first */
	const gen_item *x = *(const gen_item *const *)a, *y = *(const gen_item *const *)b;
	if (x->weight != y->weight)
		return x->weight - y->weight;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return strcmp(x->it.name, y->it.name);
}

static const char *type_abbr(cat_type t)
{
	static const char *const a[] = {"", "XK", "GF", "QR", "ZS", "JL", "CJ", "QT", "GG"};
	return (unsigned)t <= CAT_PUBLIC_SERVICE ? a[t] : "QT";
}

demo_catalog *demo_catalog_generate(const demo_district *dd, size_t n)
{
	size_t cap = demo_catalog_capacity();
	if (n > cap || n == 0)
		return NULL;
	/* Each department keeps its share of n, in proportion to its lists;
	 * the first matters (the bundles' anchors) always stay. */
	size_t quota[N_DEPT_LIST], total = 0;
	for (size_t d = 0; d < N_DEPT_LIST; d++) {
		quota[d] = combos(d) * n / cap;
		total += quota[d];
	}
	for (size_t d = 0; total < n; d = (d + 1) % N_DEPT_LIST)
		if (quota[d] < combos(d)) {
			quota[d]++;
			total++;
		}
	gen_item *g = os_calloc(n, sizeof *g);
	size_t k = 0;
	for (size_t d = 0; d < N_DEPT_LIST; d++) {
		size_t made = 0;
		for (size_t i = 0; i < dept_list[d].n && made < quota[d]; i++) {
			const matter *m = &dept_list[d].m[i];
			size_t na = actsets[m->acts].n;
			for (size_t j = 0; j < na && made < quota[d]; j++) {
				gen_item *x = &g[k++];
				build(x, dd, d, m,
				      m->acts == AS_ONE ? NULL : &actsets[m->acts].a[j]);
				x->dept = (int)d;
				x->seq = (int)++made;
				x->anchor = i < 8;
			}
		}
	}

	gen_item **order = os_calloc(n, sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = &g[i];

	/* 1. administrative power: exactly round(996 n / 1330) */
	size_t want_power = (DEMO_CATALOG_POWER * n + DEMO_CATALOG_ITEMS / 2) / DEMO_CATALOG_ITEMS;
	size_t power = 0;
	for (size_t i = 0; i < n; i++)
		power += cat_type_is_power(g[i].it.type);
	qsort(order, n, sizeof *order, cmp_power);
	for (size_t i = 0; i < n && power > want_power; i++)
		if (cat_type_is_power(order[i]->it.type) && !order[i]->anchor &&
		    order[i]->it.type != CAT_LICENSING && order[i]->it.type != CAT_LEVY &&
		    order[i]->it.type != CAT_ADJUDICATION) {
			order[i]->it.type = CAT_PUBLIC_SERVICE;
			power--;
		}
	for (size_t i = n; i-- > 0 && power < want_power;)
		if (!cat_type_is_power(order[i]->it.type) && !order[i]->anchor) {
			order[i]->it.type = CAT_OTHER_POWER;
			power++;
		}

	/* 2. online depth: the most complex are least online */
	size_t want_online =
	    (DEMO_CATALOG_ONLINE * n + DEMO_CATALOG_ITEMS / 2) / DEMO_CATALOG_ITEMS;
	size_t want_d4 = (DEMO_CATALOG_DEPTH4 * n + DEMO_CATALOG_ITEMS / 2) / DEMO_CATALOG_ITEMS;
	if (want_online > n)
		want_online = n;
	qsort(order, n, sizeof *order, cmp_complex);
	size_t offline = n - want_online;
	for (size_t i = 0; i < n; i++) {
		cat_item *it = &order[i]->it;
		if (i < offline)
			it->depth = i % 3 == 2 ? 1 : 2;
		else if (i < n - want_d4)
			it->depth = 3;
		else
			it->depth = 4;
		if (it->depth >= 3)
			it->channels |= CAT_CH_ONLINE |
			                (it->depth == 4 || order[i]->hash % 2 ? CAT_CH_MOBILE : 0);
		it->visits = it->depth == 4 ? 0 : it->depth == 3 ? 1 : 2;
	}

	/* codes: 430802-<type>-<department>-<sequence> */
	demo_catalog *c = os_calloc(1, sizeof *c);
	c->items = os_calloc(n, sizeof *c->items);
	c->n_items = n;
	for (size_t i = 0; i < n; i++) {
		snprintf(g[i].it.code, sizeof g[i].it.code, "430802-%s-%s-%04d",
		         type_abbr(g[i].it.type), dept_list[g[i].dept].abbr, g[i].seq);
		c->items[i] = g[i].it; /* ownership moves */
	}

	size_t nb = sizeof bundles / sizeof bundles[0];
	c->bundles = os_calloc(nb, sizeof *c->bundles);
	for (size_t b = 0; b < nb; b++) {
		cat_bundle *x = &c->bundles[c->n_bundles];
		memset(x, 0, sizeof *x);
		cpy(x->code, sizeof x->code, bundles[b].code);
		cpy(x->name, sizeof x->name, bundles[b].name);
		cpy(x->name_en, sizeof x->name_en, bundles[b].en);
		cpy(x->lead_department, sizeof x->lead_department, bundles[b].lead);
		cpy(x->description, sizeof x->description, bundles[b].desc);
		for (size_t j = 0; j < 8 && bundles[b].items[j]; j++)
			for (size_t i = 0; i < n; i++)
				if (!strcmp(c->items[i].name, bundles[b].items[j])) {
					cpy(x->items[x->n_items++], CAT_CODE_MAX, c->items[i].code);
					break;
				}
		if (x->n_items >= 2)
			c->n_bundles++;
	}
	free(order);
	free(g);
	return c;
}

void demo_catalog_free(demo_catalog *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_items; i++)
		cat_item_free(&c->items[i]);
	free(c->items);
	free(c->bundles);
	free(c);
}
