import { citizenIdCheckChar } from '../codes/citizen-id.js';
import { listDivisions } from '../codes/divisions.js';
import { completeUscc, USCC_ALPHABET } from '../codes/uscc.js';
import type { CreateSubjectInput } from '../subjects/subjects.schemas.js';
import { pick, seededRandom } from './random.js';

// Brand characters are common in shop names; characters of famous brands are left out so that no
// generated name borrows a real company's identity.
const BRAND_CHARS = [
  ...'恒瑞泰鑫源博宏盛联创安康嘉和祥德隆兴丰辉海天新金光明远达信诚锦绣佳豪智航宇晨阳春华美力通利顺永旺益众合铭峰睿卓越凯',
];
const INDUSTRIES: { word: string; section: string }[] = [
  { word: '科技', section: 'M' },
  { word: '信息技术', section: 'I' },
  { word: '软件开发', section: 'I' },
  { word: '贸易', section: 'F' },
  { word: '商贸', section: 'F' },
  { word: '电子商务', section: 'F' },
  { word: '建筑工程', section: 'E' },
  { word: '装饰工程', section: 'E' },
  { word: '食品', section: 'C' },
  { word: '机械设备', section: 'C' },
  { word: '建材', section: 'C' },
  { word: '服装', section: 'C' },
  { word: '物流', section: 'G' },
  { word: '运输', section: 'G' },
  { word: '餐饮管理', section: 'H' },
  { word: '酒店管理', section: 'H' },
  { word: '医药', section: 'F' },
  { word: '环保科技', section: 'N' },
  { word: '文化传媒', section: 'R' },
  { word: '教育咨询', section: 'P' },
  { word: '农业发展', section: 'A' },
  { word: '房地产开发', section: 'K' },
  { word: '物业管理', section: 'K' },
  { word: '汽车服务', section: 'O' },
  { word: '生物科技', section: 'M' },
  { word: '新能源', section: 'D' },
  { word: '投资管理', section: 'L' },
  { word: '人力资源', section: 'L' },
];
const COMPANY_FORMS = ['有限公司', '有限公司', '有限公司', '有限责任公司', '股份有限公司', '集团有限公司'];
const SHOP_FORMS = ['经营部', '商行', '便利店', '餐馆', '五金店', '美发店', '副食店', '服装店', '维修部'];
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国志红玲丹萍鹏辉宇浩然欣怡佳琪梓涵子轩晨阳婷雪梅兰凤霞海波斌峰',
];
const ROADS = [
  '人民路',
  '解放路',
  '中山路',
  '建设路',
  '和平路',
  '新华路',
  '胜利路',
  '文化路',
  '长江路',
  '黄河路',
  '朝阳路',
  '学府路',
];
const ORG_KINDS: { category: string; suffix: string }[] = [
  { category: '93', suffix: '农民专业合作社' },
  { category: '51', suffix: '行业协会' },
  { category: '52', suffix: '民办培训学校' },
  { category: '53', suffix: '慈善基金会' },
  { category: '12', suffix: '事业发展中心' },
];
const STATUSES: [CreateSubjectInput['status'], number][] = [
  ['operating', 0.85],
  ['cancelled', 0.07],
  ['revoked', 0.05],
  ['moved_out', 0.02],
  ['suspended', 0.01],
];

interface County {
  code: string;
  province: string;
  city: string;
  county: string;
  /** Short place name used in company names: 杭州, 西湖. */
  place: string;
}

function counties(): County[] {
  const names = new Map(listDivisions().map((d) => [d.code, d.name]));
  const out: County[] = [];
  for (const [code, name] of names) {
    if (code.endsWith('00')) continue;
    const province = names.get(`${code.slice(0, 2)}0000`) ?? '';
    const cityName = names.get(`${code.slice(0, 4)}00`) ?? '';
    const city = cityName === '市辖区' || cityName === '县' || cityName === '' ? province : cityName;
    out.push({ code, province, city, county: name, place: city.replace(/(市|地区|自治州|盟)$/, '') });
  }
  return out;
}

function weighted<T>(random: () => number, table: [T, number][]): T {
  let r = random();
  for (const [value, weight] of table) {
    if (r < weight) return value;
    r -= weight;
  }
  return (table[0] as [T, number])[0];
}

/** Eight organisation-code characters that encode the index: unique per index, spread out. */
function orgBody(index: number): string {
  // Multiply by a constant coprime with 31^6 to scatter consecutive indexes.
  let n = (index * 7_368_787) % 887_503_681;
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = USCC_ALPHABET.charAt(n % 31) + out;
    n = Math.floor(n / 31);
  }
  return `MA${out}`;
}

function personName(random: () => number): string {
  return pick(random, SURNAMES) + pick(random, GIVEN) + (random() < 0.6 ? pick(random, GIVEN) : '');
}

function isoDate(random: () => number, fromYear: number, toYear: number): string {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.UTC(toYear, 0, 1);
  return new Date(from + Math.floor(random() * (to - from))).toISOString().slice(0, 10);
}

/**
 * A deterministic synthetic registry: enterprises, individual businesses, organisations and
 * natural persons with names built from place + brand + industry + legal form and codes that
 * pass every check. The same (count, seed) always gives the same subjects.
 */
export function* demoSubjects(count: number, seed = 20_141_001): Generator<CreateSubjectInput> {
  const random = seededRandom(seed);
  const places = counties();
  const usedIds = new Set<string>();
  for (let i = 0; i < count; i++) {
    const place = pick(random, places);
    const brand = pick(random, BRAND_CHARS) + pick(random, BRAND_CHARS);
    const industry = pick(random, INDUSTRIES);
    const roll = random();
    const status = weighted(random, STATUSES);
    const registered_date = isoDate(random, 1995, 2026);
    const address = `${place.province}${place.city === place.province ? '' : place.city}${place.county}${pick(random, ROADS)}${1 + Math.floor(random() * 400)}号`;
    if (roll < 0.05) {
      // Natural person.
      let id: string;
      do {
        const first17 =
          place.code +
          isoDate(random, 1950, 2006).replaceAll('-', '') +
          String(Math.floor(random() * 1000)).padStart(3, '0');
        id = first17 + citizenIdCheckChar(first17);
      } while (usedIds.has(id));
      usedIds.add(id);
      yield {
        code: id,
        kind: 'natural_person',
        name: personName(random),
        former_names: [],
        legal_representative: null,
        status: 'operating',
        registered_date: null,
        registered_capital: null,
        address,
        industry: null,
        division: place.code,
      };
      continue;
    }
    let category = '91';
    let name: string;
    let capital: number | null = Math.round(10 ** (1 + random() * 4));
    const formerNames: string[] = [];
    if (roll < 0.25) {
      category = '92';
      name = `${place.county.replace(/(自治县|自治旗|区|县|市|旗)$/, '')}${brand}${pick(random, SHOP_FORMS)}`;
      capital = Math.round(random() * 50);
    } else if (roll < 0.3) {
      const org = pick(random, ORG_KINDS);
      category = org.category;
      name = `${place.place}${brand}${org.suffix}`;
      capital = org.category === '93' ? Math.round(random() * 500) : null;
    } else {
      name = `${place.place}${brand}${industry.word}${pick(random, COMPANY_FORMS)}`;
      if (random() < 0.1) {
        formerNames.push(
          `${place.place}${pick(random, BRAND_CHARS)}${pick(random, BRAND_CHARS)}${pick(random, INDUSTRIES).word}有限公司`,
        );
      }
    }
    yield {
      code: completeUscc(category + place.code, orgBody(i)),
      kind: category === '91' ? 'enterprise' : category === '92' ? 'individual_business' : 'other_org',
      name,
      former_names: formerNames,
      legal_representative: personName(random),
      status,
      registered_date,
      registered_capital: capital,
      address,
      industry:
        category === '92'
          ? pick(random, ['F', 'H', 'O'] as const)
          : category === '91'
            ? (industry.section as CreateSubjectInput['industry'])
            : 'S',
      division: place.code,
    };
  }
}
