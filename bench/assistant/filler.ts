// Distractor entries that fill the base up to 10,000: help-desk questions about other
// products of a large business (flights, hotels, bank cards, mobile plans, courses…) asked
// with the same verbs and phrasing as the fixture (change, cancel, 修改, 取消…). They are
// near misses, not rival answers to the fixture's questions.
import type { NewKbEntry } from "../../src/assistant/kb-store";

const EN_OBJECTS =
  "flight,boarding pass,seat,baggage allowance,hotel room,check-in time,rental car,train ticket,bank card,credit limit,loan,savings account,mobile plan,data roaming,SIM card,broadband,router,course,exam,certificate,library card,parking permit,gym class,locker,insurance policy,claim,pet insurance,concert ticket,museum pass,tour,visa letter,travel adapter,meal plan,cabin upgrade,lounge access,mileage,taxi ride,bike rental,ferry ticket,ski pass".split(
    ",",
  );
const EN_VERBS =
  "change,update,find,cancel,check,reset,transfer,share,renew,pause,report,fix,view,print,download,upload,verify,merge,split,move,sort,filter".split(
    ",",
  );
const EN_CONTEXT =
  "for my family,on the website,in the mobile app,after 30 days,for a business account,with a student discount,in another country,on a shared device,before checkout,during a sale,for several items,on an old phone".split(
    ",",
  );
const ZH_OBJECTS =
  "航班,登机牌,座位,行李额,酒店房间,入住时间,租车,火车票,银行卡,信用额度,贷款,储蓄账户,话费套餐,国际漫游,电话卡,宽带,路由器,课程,考试,证书,借书证,停车证,健身课,储物柜,保险单,理赔,宠物保险,演唱会门票,博物馆年卡,旅行团,签证材料,转换插头,餐食,舱位升级,贵宾室,里程,打车,单车,船票,滑雪票".split(
    ",",
  );
const ZH_VERBS =
  "修改,查看,取消,更换,重置,转让,分享,续费,暂停,举报,修复,打印,下载,上传,验证,合并,拆分,转移,排序,筛选,绑定,解绑".split(
    ",",
  );
const ZH_CONTEXT =
  "给家人,在网页上,在手机上,30天以后,企业账户,学生优惠,在国外,多台设备,结算之前,活动期间,多件商品,旧手机".split(
    ",",
  );

/** `count` distinct entries, half English and half Chinese, always the same ones. */
export function fillerEntries(count: number): NewKbEntry[] {
  const out: NewKbEntry[] = [];
  for (let i = 0; out.length < count; i++) {
    const zh = i % 2 === 1;
    const n = Math.floor(i / 2);
    const objects = zh ? ZH_OBJECTS : EN_OBJECTS;
    const verbs = zh ? ZH_VERBS : EN_VERBS;
    const contexts = zh ? ZH_CONTEXT : EN_CONTEXT;
    const object = objects[n % objects.length];
    const verb = verbs[Math.floor(n / objects.length) % verbs.length];
    const context = contexts[Math.floor(n / (objects.length * verbs.length)) % contexts.length];
    const question = zh
      ? `${context}怎么${verb}${object}`
      : `How do I ${verb} my ${object} ${context}?`;
    const text = zh
      ? `${context}${verb}${object}：请打开帮助中心，按“${object}”页面的步骤操作。`
      : `To ${verb} your ${object} ${context}, open the help centre and follow the ${object} steps.`;
    out.push({ questions: [question], answer: [{ type: "text", value: { text } }] });
  }
  return out;
}
